/* What memleak's two files share: its options, and the report. */
#ifndef BPFKIT_CMD_MEMLEAK_H
#define BPFKIT_CMD_MEMLEAK_H
#include "core/tool.h"

struct memleak_opts {
	bool trace, show_allocs, combined_only, wa_missing_free, percpu;
	bool kernel;   /* no -p, no -c: the kernel's allocators */
	bool by_count; /* --sort count */
	unsigned long older_ms, sample_rate, top, min_size, max_size;
	const char *obj; /* -O */
};
extern struct memleak_opts memleak;

/* One report: "[HH:MM:SS] Top N stacks with outstanding allocations:" and
 * the stacks, from the allocs map (or with --combined-only the per-stack
 * totals), in BCC's text or as JSON.  0 or -errno, printed. */
int memleak_report(struct tracer *t);
void memleak_report_free(void);

#endif
