/* funccount: count function calls, tracepoint hits or USDT probe firings
 * matching a pattern, in the kernel, as BCC's funccount. */
#include "core/args.h"
#include "core/attach.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/pattern.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/funccount.skel.h"

#include <bpf/bpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct opts {
	pid_t pid;
	unsigned long interval_ms, duration_ms;
	bool timestamp, regex, debug;
	long cpu;
	const char *spec;
} o = { .cpu = -1 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only", 0 },
	{ "interval", 'i', "INTERVAL", 0, "Summary interval, seconds", 0 },
	{ "duration", 'd', "DURATION", 0, "Total duration of trace, seconds", 0 },
	{ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 },
	{ "regexp", 'r', NULL, 0, "Use regular expressions. Default is \"*\" wildcards only.", 0 },
	{ "debug", 'D', NULL, 0, "Print the BPF instructions before starting (for debugging purposes)", 0 },
	{ "cpu", 'c', "CPU", 0, "Trace this CPU only", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 'i': return -args_seconds(arg, "interval", &o.interval_ms);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case 'T': o.timestamp = true; return 0;
	case 'r': o.regex = true; return 0;
	case 'D': o.debug = true; return 0;
	case 'c': return -args_cpu(arg, &o.cpu);
	case ARGP_KEY_ARG:
		if (o.spec) {
			log_err("unexpected argument '%s' (one pattern at a time)", arg);
			return EINVAL;
		}
		o.spec = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o.spec) {
			log_err("a pattern is needed, e.g. 'vfs_*', 'c:malloc' or 't:sched:sched_switch'");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "PATTERN",
	"Count functions, tracepoints, and USDT probes.\v"
	"PATTERN is [p:]func, [p:]lib:func, t:category:event or u:lib[:provider]:probe;\n"
	"'*' is a wildcard (or use -r for regular expressions).\n\n"
	"Examples:\n"
	"  funccount 'vfs_*'             # count kernel fns starting with \"vfs\"\n"
	"  funccount -r '^vfs.*'         # same as above, using regular expressions\n"
	"  funccount -Ti 5 'vfs_*'       # output every 5 seconds, with timestamps\n"
	"  funccount -d 10 'vfs_*'       # trace for 10 seconds only\n"
	"  funccount -p 185 'vfs_*'      # count vfs calls for PID 181 only\n"
	"  funccount t:sched:sched_fork  # count calls to the sched_fork tracepoint\n"
	"  funccount -p 185 u:node:gc*   # count all GC USDT probes in node, PID 185\n"
	"  funccount c:malloc            # count all malloc() calls in libc\n"
	"  funccount go:os.*             # count all \"os.*\" calls in libgo\n"
	"  funccount -c 1 'vfs_*'        # count vfs calls on CPU 1 only",
	children,
};

struct state {
	struct funccount_bpf *skel;
	struct attach_point *pts;
	int n;
};

struct row {
	int idx;
	__u64 count;
};

static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return x->count < y->count ? -1 : x->count > y->count ? 1 : x->idx - y->idx;
}

static int summary(void *ctx, bool last)
{
	struct state *s = ctx;
	int fd = bpf_map__fd(s->skel->maps.counts);
	struct row *rows = calloc(s->n, sizeof(*rows));
	char hms[16];
	if (!rows)
		return -ENOMEM;
	for (int i = 0; i < s->n; i++) {
		__u32 k = i;
		__u64 zero = 0;
		rows[i].idx = i;
		bpf_map_lookup_elem(fd, &k, &rows[i].count);
		if (!last)
			bpf_map_update_elem(fd, &k, &zero, BPF_ANY);
	}
	qsort(rows, s->n, sizeof(*rows), by_count);
	/* -j: an object per function, each with the time; the rest on stderr. */
	FILE *out = record_header_out();
	output_hms(hms);
	fprintf(out, "\n");
	if (o.timestamp)
		fprintf(out, "%-8s\n", hms);
	fprintf(out, "%-36s %8s\n", "FUNC", "COUNT");
	for (int i = 0; i < s->n; i++) {
		if (!rows[i].count)
			continue;
		const struct attach_point *a = &s->pts[rows[i].idx];
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

static int funccount_main(int argc, char **argv)
{
	struct pattern pat;
	struct attach_set links = { 0 };
	char err[512];
	struct state s = { 0 };

	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	if (tracer_check_privilege())
		return 1;
	if (pattern_parse(o.spec, o.regex, &pat, err, sizeof(err))) {
		log_err("%s", err);
		return 2;
	}
	s.n = pattern_resolve(&pat, o.pid, &s.pts, err, sizeof(err));
	if (s.n < 0) {
		log_err("%s", err);
		pattern_free(&pat);
		return 1;
	}

	s.skel = TRACER_OPEN(funccount);
	if (!s.skel) {
		attach_points_free(s.pts, s.n);
		pattern_free(&pat);
		return 1;
	}
	s.skel->rodata->targ_tgid = o.pid;
	s.skel->rodata->targ_cpu = o.cpu;
	bpf_map__set_max_entries(s.skel->maps.counts, s.n);

	struct tracer tr = { .skeleton = s.skel->skeleton, .obj = s.skel->obj, .skel = s.skel };
	int ret = attach_prepare(s.skel->obj, s.pts, s.n);
	if (!ret)
		ret = tracer_start(&tr);
	if (!ret && o.debug)
		tracer_dump_programs(&tr, stdout);
	if (!ret)
		ret = attach_all(s.skel->obj, s.pts, s.n, pat.kind == PAT_UPROBE || pat.kind == PAT_USDT ? o.pid : 0,
				 &links);
	if (!ret) {
		fprintf(record_header_out(), "Tracing %d functions for \"%s\"... Hit Ctrl-C to end.\n", s.n - links.left_out,
			o.spec);
		fflush(stdout);
		struct loop l = {
			.interval_ms = o.interval_ms, .duration_ms = o.duration_ms, .summary = summary, .ctx = &s,
		};
		ret = loop_run(&l);
	}
	attach_destroy(&links);
	tracer_destroy(&tr);
	attach_points_free(s.pts, s.n);
	pattern_free(&pat);
	return ret < 0 ? 1 : 0;
}

BPFKIT_TOOL(funccount, .name = "funccount", .category = "debugging",
	    .summary = "Count functions, tracepoints and USDT probes matching a pattern", .main = funccount_main);
