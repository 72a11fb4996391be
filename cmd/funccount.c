/* funccount: count function calls, tracepoint hits or USDT probe firings
 * matching a pattern, in the kernel, as BCC's funccount. */
#include "core/tool.h"
#include "probes/funccount.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>

static const struct tool_option options[] = {
	OPT_SECONDS('d', "duration", "DURATION", &tool_args.duration_ms, "Total duration of trace, seconds"),
	OPT_SECONDS('i', "interval", "INTERVAL", &tool_args.interval_ms, "Summary interval, seconds"),
	OPT_FLAG('D', "debug", &tool_pattern.debug, "Print the BPF instructions before starting (for debugging purposes)"),
	{ { 0 } },
};

/* A counter per attach point, cookie i counting in slot i. */
static int configure(struct tracer *t)
{
	return bpf_map__set_max_entries(((struct funccount_bpf *)t->skel)->maps.counts, tool_pattern.n);
}

struct row {
	int idx;
	__u64 count;
};

static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return x->count < y->count ? -1 : x->count > y->count ? 1 : x->idx - y->idx;
}

static int summary(struct tracer *t, bool last)
{
	int fd = bpf_map__fd(((struct funccount_bpf *)t->skel)->maps.counts), n = tool_pattern.n;
	struct row *rows = calloc(n, sizeof(*rows));
	char hms[16];
	if (!rows)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		__u32 k = i;
		__u64 zero = 0;
		rows[i].idx = i;
		bpf_map_lookup_elem(fd, &k, &rows[i].count);
		if (!last)
			bpf_map_update_elem(fd, &k, &zero, BPF_ANY);
	}
	qsort(rows, n, sizeof(*rows), by_count);
	/* -j: an object per function, each with the time; the rest on stderr. */
	FILE *out = record_header_out();
	tool_interval_head(out, hms);
	fprintf(out, "%-36s %8s\n", "FUNC", "COUNT");
	for (int i = 0; i < n; i++) {
		if (!rows[i].count)
			continue;
		const struct attach_point *a = &tool_pattern.pts[rows[i].idx];
		rec_str("time", NULL, hms);
		/* A USDT row is the probe's name alone, as BCC prints it;
		 * JSON keeps the provider in a key of its own. */
		rec_str("func", "%-36s ", a->kind == PAT_USDT ? a->target : a->name);
		if (a->kind == PAT_USDT)
			rec_str("provider", NULL, a->provider);
		rec_u64("count", "%8llu", rows[i].count);
		rec_end();
	}
	if (last)
		fprintf(out, "Detaching...\n");
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(funccount, .category = "debugging",
	     .summary = "Count functions, tracepoints and USDT probes matching a pattern", .shape = TOOL_INTERVAL,
	     .takes = TOOL_PATTERN | TOOL_PID | TOOL_CPU | TOOL_TIMESTAMP | TOOL_JSON, .bound = options,
	     .configure = configure, .header = tool_pattern_status, .interval = summary,
	     TOOL_METRICS({ "count", "calls_total", "Calls of each function, tracepoint or USDT probe matching the pattern" }),
	     .help = { .pattern = "'vfs_*'", .summary = "Count functions, tracepoints, and USDT probes",
		       .after = "PATTERN is [p:]func, [p:]lib:func, t:category:event or u:lib[:provider]:probe;\n"
				"'*' is a wildcard (or use -r for regular expressions)." },
	     .examples = "  funccount 'vfs_*'             # count kernel fns starting with \"vfs\"\n"
			 "  funccount -r '^vfs.*'         # same as above, using regular expressions\n"
			 "  funccount -Ti 5 'vfs_*'       # output every 5 seconds, with timestamps\n"
			 "  funccount -d 10 'vfs_*'       # trace for 10 seconds only\n"
			 "  funccount -p 185 'vfs_*'      # count vfs calls for PID 181 only\n"
			 "  funccount t:sched:sched_fork  # count calls to the sched_fork tracepoint\n"
			 "  funccount -p 185 u:node:gc*   # count all GC USDT probes in node, PID 185\n"
			 "  funccount c:malloc            # count all malloc() calls in libc\n"
			 "  funccount go:os.*             # count all \"os.*\" calls in libgo\n"
			 "  funccount -c 1 'vfs_*'        # count vfs calls on CPU 1 only");
