#ifndef BPFKIT_SYMBOLIZE_DEMANGLE_H
#define BPFKIT_SYMBOLIZE_DEMANGLE_H

struct demangler;
struct demangler *demangler_new(void);
void demangler_free(struct demangler *d);
/* The demangled form of a C++ or Rust (legacy or v0) name, or name itself;
 * valid until demangler_release() or demangler_free(). */
const char *demangle(struct demangler *d, const char *name);
void demangler_release(struct demangler *d);

#endif
