/* BPF objects are embedded in the binary compressed (packaging/buildtools/skelzip.c);
 * a skeleton's elf_bytes() inflates its object here.  The buffers are
 * needed only while libbpf opens the object (it copies what it keeps):
 * tracer_opened() releases them. */
#ifndef BPFKIT_CORE_SKELDATA_H
#define BPFKIT_CORE_SKELDATA_H
#include <stddef.h>

/* The object, or NULL (then the open fails and says so) with *sz 0. */
const void *skel_inflate(const unsigned char *z, size_t zlen, size_t rawlen, size_t *sz);
void skel_release(void);

#endif
