/* POSIX regular expressions from the command line, compiled with bounds.
 * glibc's regcomp recurses once per nesting level: a pattern nested ~20,000
 * parentheses deep overflows the stack (SIGSEGV) before it can say no, and
 * any user who can pass options to a root tool can write one. */
#ifndef BPFKIT_CORE_REGEXP_H
#define BPFKIT_CORE_REGEXP_H
#include <regex.h>
#include <stddef.h>

/* Far beyond any real pattern: names and arguments are matched, not
 * parsed. */
#define REGEXP_MAX_LEN 4096
#define REGEXP_MAX_DEPTH 64
#define REGEXP_MAX_NODES 50000

/* 0 when s is within the bounds, else -EINVAL with the reason in err. */
int regexp_check(const char *s, char *err, size_t errlen);

/* regcomp(re, s, REG_EXTENDED | flags) after regexp_check();
 * 0, or -EINVAL with a one-line reason in err (the pattern not echoed whole). */
int regexp_compile(regex_t *re, const char *s, int flags, char *err, size_t errlen);

#endif
