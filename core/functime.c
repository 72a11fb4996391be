#include "core/functime.h"

#include "core/histmap.h"
#include "core/metrics/sink.h"
#include "histo/histo.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <linux/types.h>
#include <stdlib.h>
#include <time.h>

#include "probes/lib/functime.h"
#include "probes/lib/hist.h"

struct functime functime;

uint64_t functime_unit_div(void)
{
	return functime.msecs ? 1000000 : functime.usecs ? 1000 : 1;
}

const char *functime_unit_name(void)
{
	return functime.msecs ? "msecs" : functime.usecs ? "usecs" : "nsecs";
}

int functime_only_functions(void)
{
	for (int i = 0; i < tool_pattern.nspecs; i++) {
		enum pattern_kind k = tool_pattern.pats[i].kind;
		if (k == PAT_KPROBE || k == PAT_UPROBE)
			continue;
		log_err("'%s' is a %s: %s times functions (func, lib:func)", tool_pattern.specs[i],
			k == PAT_TRACEPOINT ? "tracepoint" : "USDT probe", tool_current->name);
		return -EINVAL;
	}
	return 0;
}

struct row {
	struct func_hist_key key;
	struct hist h;
};

static int by_key(const void *a, const void *b)
{
	const struct func_hist_key *x = &((const struct row *)a)->key, *y = &((const struct row *)b)->key;
	return x->idx != y->idx ? (x->idx > y->idx) - (x->idx < y->idx) : (x->tgid > y->tgid) - (x->tgid < y->tgid);
}

int functime_print(int fd, bool keyed, unsigned long long *total_ns, unsigned long long *calls, bool last)
{
	bool json = output_mode == OUTPUT_JSON;
	const char *unit = functime_unit_name();
	char hms[16], ts[32] = "", label[512];
	struct row *rows;
	tool_interval_head(json ? NULL : stdout, hms);
	int n = histmap_read_sorted(fd, sizeof(struct func_hist_key), sizeof(*rows), offsetof(struct row, h), true,
				    by_key, (void **)&rows);
	if (n < 0)
		return n;
	if (json) {
		time_t now = time(NULL);
		struct tm tm;
		strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", localtime_r(&now, &tm));
	}
	for (int i = 0; i < n; i++) {
		const uint64_t *slots = (const uint64_t *)rows[i].h.slots;
		const struct func_hist_key *k = &rows[i].key;
		const char *name = k->idx < (unsigned)tool_pattern.n ? tool_pattern.pts[k->idx].name : "?";
		if (k->tgid)
			snprintf(label, sizeof(label), "%s [%u]", name, k->tgid);
		else
			snprintf(label, sizeof(label), "%s", name);
		const char *section = keyed ? "Function" : NULL;
		if (metrics_sink_on) {
			/* Labelled by function, and by process where -F keys by it. */
			char pid[16];
			struct metric_label l[2] = { { "func", name }, { "pid", pid } };
			snprintf(pid, sizeof(pid), "%u", k->tgid);
			metrics_hist_log2(l, k->tgid ? 2 : 1, slots, HIST_SLOTS, unit);
		} else if (json)
			histo_json_log2(stdout, slots, HIST_SLOTS, unit, section, keyed ? label : NULL, ts);
		else if (keyed)
			histo_print_log2_section(stdout, section, label, slots, HIST_SLOTS, unit, false);
		else
			histo_print_log2(stdout, slots, HIST_SLOTS, unit, false);
	}
	free(rows);
	if (total_ns) {
		uint64_t total = __atomic_exchange_n(total_ns, 0, __ATOMIC_SEQ_CST);
		uint64_t count = __atomic_exchange_n(calls, 0, __ATOMIC_SEQ_CST);
		/* BCC scales the total, then divides: avg = (total / unit) / count. */
		histmap_print_extension(stdout, total / functime_unit_div(), count, unit, json);
	}
	if (last)
		fprintf(record_header_out(), "Detaching...\n");
	fflush(stdout);
	return 0;
}
