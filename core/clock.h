/* The one clock the tools measure with: CLOCK_MONOTONIC, which is also
 * bpf_ktime_get_ns()'s, so user-side times compare with the kernel's. */
#ifndef BPFKIT_CORE_CLOCK_H
#define BPFKIT_CORE_CLOCK_H
#include <stdint.h>

uint64_t clock_mono_ns(void);

#endif
