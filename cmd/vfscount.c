/* vfscount: count VFS calls (the kernel's vfs_* functions), as BCC's. */
#include "core/tool.h"
#include "probes/vfscount.skel.h"

#include "probes/vfscount.h"

#include <bpf/bpf.h>
#include <stdlib.h>

/* A slot per vfs_ function, cookie i counting in slot i. */
static int configure(struct tracer *t)
{
	return bpf_map__set_max_entries(((struct vfscount_bpf *)t->skel)->maps.counts, tool_pattern.n);
}

struct row {
	int idx;
	struct vfscount_slot s;
};

static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return x->s.count < y->s.count ? -1 : x->s.count > y->s.count ? 1 : x->idx - y->idx;
}

/* Once, at the end, fewest calls first, as BCC prints them. */
static int summary(struct tracer *t, bool last)
{
	int fd = bpf_map__fd(((struct vfscount_bpf *)t->skel)->maps.counts), n = tool_pattern.n;
	struct row *rows = calloc(n, sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	for (int i = 0; i < n; i++) {
		__u32 k = i;
		rows[i].idx = i;
		bpf_map_lookup_elem(fd, &k, &rows[i].s);
	}
	qsort(rows, n, sizeof(*rows), by_count);
	fprintf(record_header_out(), "\n%-16s %-26s %8s\n", "ADDR", "FUNC", "COUNT");
	for (int i = 0; i < n; i++) {
		if (!rows[i].s.count)
			continue;
		rec_u64("addr", "%-16llx ", rows[i].s.ip);
		rec_str("func", "%-26s ", tool_pattern.pts[rows[i].idx].name);
		rec_u64("count", "%8llu", rows[i].s.count);
		rec_end();
	}
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(vfscount, .category = "files", .summary = "Count VFS calls (\"vfs_*\")", .shape = TOOL_INTERVAL,
	     .takes = TOOL_PATTERN | TOOL_DURATION_ARG | TOOL_JSON, .pattern = "vfs_*", .args_doc = "[time]",
	     .configure = configure, .status = "Tracing... Ctrl-C to end.", .interval = summary,
	     .help.json = "One JSON object per function", .help.after = "time: seconds to trace for (default: until Ctrl-C); the counts are printed at the end.",
	     .examples = "  vfscount        # count VFS calls until Ctrl-C\n"
			 "  vfscount 10     # count VFS calls for 10 seconds\n"
			 "  vfscount -j 5   # 5 seconds, one JSON object per function");
