/* User-facing messages.  Errors are printed once, at the top of a tool, as a
 * single line prefixed with the tool's name; libbpf's own chatter is only
 * shown with --verbose, because its multi-line dumps bury the one line that
 * tells a user what to do. */
#ifndef BPFKIT_CORE_LOG_H
#define BPFKIT_CORE_LOG_H
#include <stdarg.h>
#include <stdbool.h>

/* A look at each libbpf message before -v's printing (--debug's,
 * core/debug.h): true when it printed the message itself. */
extern bool (*log_libbpf_hook)(int level, const char *fmt, va_list ap);
extern const char *log_prog;   /* name errors are prefixed with */
extern bool log_verbose;       /* --verbose: libbpf debug output */

void log_init(const char *prog);
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Last libbpf warning line, kept even when not verbose so an error message
 * can quote the kernel's reason (e.g. a verifier or attach failure). */
const char *log_last_libbpf(void);
/* When the kernel's verifier rejected a program: its reason (the last line
 * of its log) and the program's name; NULL otherwise. */
const char *log_verifier_reason(const char **prog);

#endif
