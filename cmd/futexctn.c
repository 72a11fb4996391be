/* futexctn: futex contention per lock, waiting thread and user stack, with
 * the wait's latency as a histogram, as libbpf-tools' futexctn. */
#include "core/histmap.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "histo/histo.h"
#include "histo/json.h"
#include "probes/futexctn.skel.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>

#include "probes/futexctn.h"

static const struct probe_spec probes[] = { PROBE_SYSCALL("futex", "futex") };

enum { OPT_DEPTH = 0x100 };

static bool summary;
static unsigned long depth = 127;
static unsigned long long lock;
static struct symbols *syms;
static int traces_fd = -1, new_pids_fd = -1;

static const struct tool_option options[] = {
	OPT_FLAG('s', "summary", &summary, "Summary futex contention latency", .rodata = "summary"),
	OPT_ULONG(OPT_DEPTH, "perf-max-stack-depth", "PERF-MAX-STACK-DEPTH", &depth, 1, STACKS_MAX_DEPTH,
		  "the limit for the stack traces (default 127)"),
	{ { 0 } },
};

static const struct argp_option lock_option[] = {
	{ "lock", 'l', "LOCK", 0, "Trace this lock only", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != 'l')
		return ARGP_ERR_UNKNOWN;
	char *end;
	errno = 0;
	lock = strtoull(arg, &end, 16);
	return args_refuse(errno || *end || !*arg || !lock, "invalid lock '%s': expected a futex address in hex", arg);
}

static int configure(struct tracer *t)
{
	struct futexctn_bpf *skel = t->skel;
	skel->rodata->targ_lock = lock;
	syms = symbols_open(NULL);
	int err = bpf_map__set_max_entries(skel->maps.stack_traces, tool_stack_args.stack_storage);
	if (err)
		log_err("cannot size the stack map: %s", strerror(-err));
	return err;
}

static int started(struct tracer *t)
{
	struct futexctn_bpf *skel = t->skel;
	traces_fd = bpf_map__fd(skel->maps.stack_traces);
	new_pids_fd = bpf_map__fd(skel->maps.stack_new_pids);
	return 0;
}

/* Mappings of processes while they run: their frames resolve after they exit. */
static void tick(struct tracer *t)
{
	stacks_preload_new(new_pids_fd, syms);
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

struct row {
	struct futexctn_key k;
	struct futexctn_val v;
};

static const char *frame(const struct row *r, uint64_t ip)
{
	const char *name = "[unknown]";
	symbols_user(syms, (int)(r->k.pid_tgid >> (summary ? 0 : 32)), ip, &name, 1);
	return name;
}

static void print_row(const void *row)
{
	const struct row *r = row;
	const char *unit = tool_args.millis ? "msecs" : "usecs";
	uint64_t ips[STACKS_MAX_DEPTH];
	int n = summary ? 0 : stacks_walk(traces_fd, r->k.ustack, ips);
	n = n > (int)depth ? (int)depth : n;
	uint64_t avg = r->v.contended ? r->v.total / r->v.contended : 0;
	if (output_mode == OUTPUT_JSON) {
		struct json j;
		char addr[24];
		snprintf(addr, sizeof(addr), "0x%" PRIx64, (uint64_t)r->k.uaddr);
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_strn(&j, "comm", r->v.comm, sizeof(r->v.comm));
		json_u64(&j, summary ? "pid" : "tid", (uint32_t)r->k.pid_tgid);
		json_str(&j, "lock", addr);
		json_u64(&j, "contended", r->v.contended);
		json_u64(&j, "avg", avg);
		json_u64(&j, "max", r->v.max);
		json_u64(&j, "min", r->v.min);
		if (!summary) {
			json_array(&j, "user_stack");
			for (int i = 0; i < n; i++)
				json_str(&j, NULL, frame(r, ips[i]));
			json_close(&j);
		}
		histo_json_log2_data(&j, (const uint64_t *)r->v.slots, HIST_SLOTS, unit);
		json_line_end(&j);
		return;
	}
	printf("\n\n%.16s[%u] lock 0x%" PRIx64 " contended %" PRIu64 " times, %" PRIu64 " avg %s [max: %" PRIu64
	       " %s, min %" PRIu64 " %s]\n",
	       r->v.comm, (uint32_t)r->k.pid_tgid, (uint64_t)r->k.uaddr, (uint64_t)r->v.contended, avg, unit,
	       (uint64_t)r->v.max, unit, (uint64_t)r->v.min, unit);
	if (!summary) {
		printf("    -\n");
		if (r->k.ustack < 0 || !n)
			printf("    [Missed User Stack]\n");
		for (int i = 0; i < n; i++)
			printf("    %s\n", frame(r, ips[i]));
		printf("    -\n");
	}
	histo_print_log2(stdout, (const uint64_t *)r->v.slots, HIST_SLOTS, unit, false);
}

static int interval(struct tracer *t, bool last)
{
	tool_interval_head(output_mode == OUTPUT_JSON ? NULL : stdout, (char[16]){ 0 });
	int n = HISTMAP_EACH(bpf_map__fd(((struct futexctn_bpf *)t->skel)->maps.locks), struct row, k, v, print_row);
	fflush(stdout);
	return n < 0 ? n : 0;
}

DECLARE_TOOL(futexctn, .category = "kernel", .summary = "Summarize futex contention latency as a histogram",
	     .shape = TOOL_INTERVAL,
	     .takes = TOOL_PID | TOOL_TID | TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS |
		      TOOL_STACK_STORAGE,
	     .help = { .json = "One JSON object per lock, thread and stack" }, .bound = options,
	     .options = lock_option, .parse = parse, TOOL_PROBES(probes), .configure = configure,
	     .started = started, .tick = tick, .tick_ms = 100, .end = end, .interval = interval,
	     .status = "Summarize futex contention latency, hit ctrl-c to exit",
	     .examples = "  futexctn              # summarize futex contention latency as a histogram\n"
			 "  futexctn 1 10         # print 1 second summaries, 10 times\n"
			 "  futexctn -mT 1        # 1s summaries, milliseconds, and timestamps\n"
			 "  futexctn -s 1         # 1s summaries, without stack traces\n"
			 "  futexctn -l 0x8187bb8 # only trace lock 0x8187bb8\n"
			 "  futexctn -p 123       # only trace threads for PID 123\n"
			 "  futexctn -t 125       # only trace thread 125");
