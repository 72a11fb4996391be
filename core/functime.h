/* What the function-timing tools (funclatency, funcslower, funcinterval)
 * share on the user side: BCC's -u/-m units and funclatency's -l, the
 * refusal of what is not a function, and the keyed histograms with BCC's
 * average line. */
#ifndef BPFKIT_CORE_FUNCTIME_H
#define BPFKIT_CORE_FUNCTIME_H
#include "core/attach.h"
#include "core/tool.h"

#include <stdbool.h>
#include <stdint.h>

struct functime {
	bool usecs, msecs;   /* -u, -m: -m wins, as in BCC */
	unsigned long level; /* -l: rodata func_level */
};
extern struct functime functime;

#define FUNCTIME_UNIT_OPTIONS                                                                 \
	OPT_FLAG('u', "microseconds", &functime.usecs, "Microsecond histogram"), \
	OPT_FLAG('m', "milliseconds", &functime.msecs, "Millisecond histogram")

#define FUNCTIME_LEVEL_OPTION                                                                                   \
	OPT_ULONG('l', "level", "LEVEL", &functime.level, 1, 32,                                                \
		  "Set the level of nested or recursive functions (time the outermost LEVEL)", .rodata = "func_level")

/* libbpf-tools funclatency's -k: where the kernel could take the
 * functions by trampolines (core/attach.c), take them by kprobes. */
#define FUNCTIME_KPROBES_OPTION OPT_FLAG('k', "kprobes", &attach_kprobes_only, "Use kprobes instead of fentry")

/* 1, 1000 or 1000000 nanoseconds per unit, and its name ("nsecs"). */
uint64_t functime_unit_div(void);
const char *functime_unit_name(void);

/* A configure step: the patterns must name functions (kernel or user), not
 * tracepoints or USDT probes; -EINVAL after saying so. */
int functime_only_functions(void);

/* The histograms of map (struct func_hist_key -> struct hist), one per key
 * under "Function = NAME" (" [PID]" where keyed by process) when keyed,
 * then, unless total_ns is NULL, BCC's "avg = ..." line from *total_ns and
 * *calls (both taken and zeroed), and "Detaching..." when last; or -j's
 * objects. */
int functime_print(int map_fd, bool keyed, unsigned long long *total_ns, unsigned long long *calls, bool last);

#endif
