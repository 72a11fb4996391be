/* BCC's debug flags (the debug= of its BPF() constructor), on every tool
 * as --bpf-debug FLAGS: what bpfkit shows of its programs at each stage.  The
 * values are BCC's, so a habit such as debug=0x10 carries over; 0x1 (LLVM
 * IR) has no counterpart, there being no compiler at run time. */
#ifndef BPFKIT_CORE_DEBUG_H
#define BPFKIT_CORE_DEBUG_H
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

enum {
	DEBUG_LLVM_IR = 0x1,	       /* refused */
	DEBUG_BPF = 0x2,	       /* each program's instructions, and the verifier's log */
	DEBUG_PREPROCESSOR = 0x4,      /* what was generated: probe choices, trace/argdist programs */
	DEBUG_SOURCE = 0x8,	       /* the loaded program with its C lines (BTF line info) */
	DEBUG_BPF_REGISTER_STATE = 0x10, /* the verifier's log with register state */
	DEBUG_BTF = 0x20,	       /* libbpf's BTF and CO-RE messages */
	DEBUG_ALL = 0x3e,
};

extern unsigned debug_flags;

/* --bpf-debug's argument: 0, or -EINVAL after printing why. */
int debug_parse(const char *arg);
/* The verifier log level programs are loaded with (0, 1 or 2). */
int debug_log_level(void);
/* libbpf's message, printed (to stderr) when a flag asks for it: true
 * when it was (core/log.h's hook, set by debug_parse). */
bool debug_libbpf_message(int level, const char *fmt, va_list ap);
/* A verifier log of a program that loaded, under DEBUG_BPF or
 * DEBUG_BPF_REGISTER_STATE. */
void debug_print_verifier_log(const char *prog, const char *log);
/* The program behind fd as the kernel holds it: its instructions, with the
 * C source lines of its BTF line info before the instructions they made
 * (DEBUG_SOURCE), under a "; program NAME" header. */
int debug_print_loaded(FILE *out, int fd, const char *name);

#endif
