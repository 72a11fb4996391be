/* klockstat: kernel mutex and rw_semaphore wait and hold times per caller
 * (or per thread), as libbpf-tools' klockstat.  Where the kernel has neither
 * fentry nor kprobes, the lock:contention_begin/_end tracepoints give the
 * waits of contended acquisitions, and there are no hold times. */
#include "core/btfproto.h"
#include "core/features.h"
#include "core/histmap.h"
#include "core/kallsyms.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "histo/json.h"
#include "probes/klockstat.skel.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "probes/klockstat.h"

/* Which path this kernel gets, decided before load (configure). */
static bool full, contention;

#define LOCK_ENTRY_EXIT(fn, ...)                                                                            \
	PROBE_FENTRY(fn, fn, fn "_enter", .when = &full, __VA_ARGS__),                                       \
		PROBE_FEXIT(fn " return", fn, fn "_exit", .when = &full, __VA_ARGS__)

/* down_read_interruptible is 5.15's; the others are every kernel's. */
static const struct probe_spec probes[] = {
	LOCK_ENTRY_EXIT("mutex_lock"),
	LOCK_ENTRY_EXIT("mutex_trylock"),
	LOCK_ENTRY_EXIT("mutex_lock_interruptible"),
	LOCK_ENTRY_EXIT("mutex_lock_killable"),
	PROBE_FENTRY("mutex_unlock", "mutex_unlock", "mutex_unlock", .when = &full),
	LOCK_ENTRY_EXIT("down_read"),
	LOCK_ENTRY_EXIT("down_read_trylock"),
	LOCK_ENTRY_EXIT("down_read_interruptible", .optional = true),
	LOCK_ENTRY_EXIT("down_read_killable"),
	PROBE_FENTRY("up_read", "up_read", "up_read", .when = &full),
	LOCK_ENTRY_EXIT("down_write"),
	LOCK_ENTRY_EXIT("down_write_trylock"),
	LOCK_ENTRY_EXIT("down_write_killable"),
	PROBE_FENTRY("up_write", "up_write", "up_write", .when = &full),
	PROBE_BTF_RAW("contention_begin", "cbegin", .when = &contention),
	PROBE_BTF_RAW("contention_end", "cend", .when = &contention),
};

enum sort_field { SORT_MAX, SORT_COUNT, SORT_TOTAL };

static const char *caller, *lock_name;
static unsigned long nr_locks = 99999999, nr_stacks = 1;
static bool reset, per_thread, stacks_given;
static enum sort_field sort_acq = SORT_MAX, sort_hld = SORT_MAX;
static struct symbols *syms;
static int traces_fd = -1;

static const struct tool_option options[] = {
	OPT_STRING('c', "caller", "FUNC", &caller, "Filter by caller string prefix"),
	OPT_STRING('L', "lock", "LOCK", &lock_name, "Filter by specific ksym lock name"),
	OPT_ULONG('n', "locks", "NR_LOCKS", &nr_locks, 1, 99999999, "Number of locks or threads to print"),
	OPT_ULONG('s', "stacks", "NR_STACKS", &nr_stacks, 1, STACKS_MAX_DEPTH,
		  "Number of stack entries to print per lock", .given = &stacks_given),
	OPT_FLAG('R', "reset", &reset, "Reset stats each interval"),
	OPT_FLAG('P', "per-thread", &per_thread, "Print per-thread stats", .rodata = "per_thread"),
	{ { 0 } },
};

static const struct argp_option sort_option[] = {
	{ "sort", 'S', "SORT", 0, "Sort by field:\n  acq_[max|total|count]\n  hld_[max|total|count]", 0 },
	{ 0 },
};

static bool parse_one_sort(const char *s, size_t n)
{
	static const char *const fields[] = { [SORT_MAX] = "max", [SORT_COUNT] = "count", [SORT_TOTAL] = "total" };
	if (n < 4 || (strncmp(s, "acq_", 4) && strncmp(s, "hld_", 4)))
		return false;
	for (int f = 0; f < 3; f++)
		if (n - 4 == strlen(fields[f]) && !strncmp(s + 4, fields[f], n - 4)) {
			*(s[0] == 'a' ? &sort_acq : &sort_hld) = f;
			return true;
		}
	return false;
}

/* -S acq_count,hld_total: one field of each table, or one of either. */
static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key == ARGP_KEY_END)
		return args_refuse(per_thread && stacks_given && nr_stacks != 1,
				   "--per-thread and --stacks cannot be used together");
	if (key != 'S')
		return ARGP_ERR_UNKNOWN;
	const char *comma = strchr(arg, ',');
	bool ok = comma ? parse_one_sort(arg, comma - arg) && parse_one_sort(comma + 1, strlen(comma + 1))
			: parse_one_sort(arg, strlen(arg));
	return args_refuse(!ok, "invalid sort '%s': expected acq_max, acq_total, acq_count, hld_max, hld_total or hld_count, or one of each joined by a comma", arg);
}

/* -L: a lock's symbol (cgroup_mutex) or its address (0xffff...). */
static int lock_address(unsigned long long *addr)
{
	if (!strncmp(lock_name, "0x", 2)) {
		char *end;
		errno = 0;
		*addr = strtoull(lock_name, &end, 16);
		if (errno || *end || !*addr || end == lock_name + 2) {
			log_err("invalid lock '%s': expected a symbol or an address in hex", lock_name);
			return -EINVAL;
		}
		return 0;
	}
	char what[300];
	snprintf(what, sizeof(what), "-L %s", lock_name);
	return kallsyms_data_addr((const char *const[]){ lock_name, NULL }, what, addr);
}

static int configure(struct tracer *t)
{
	struct klockstat_bpf *skel = t->skel;
	full = feature_has(FEAT_FENTRY) || feature_has(FEAT_KPROBES);
	contention = !full;
	/* Raw tracepoints are attached by name without a check before: a
	 * kernel before 5.19 would fail there with a bare ENOENT. */
	if (contention && kernel_btf() && !btf_tracepoint_proto("contention_begin")) {
		log_err("cannot trace mutex and rwsem locks: this kernel has neither fentry nor kprobes (%s), nor the "
			"lock:contention_begin tracepoint (Linux 5.19 and later)", feature_reason(FEAT_KPROBES));
		return -EOPNOTSUPP;
	}
	if (lock_name) {
		unsigned long long addr;
		int err = lock_address(&addr);
		if (err)
			return err;
		skel->rodata->targ_lock = addr;
	}
	syms = symbols_open(&(struct symbols_opts){ .offsets = true });
	return 0;
}

static int started(struct tracer *t)
{
	traces_fd = bpf_map__fd(((struct klockstat_bpf *)t->skel)->maps.stack_traces);
	return 0;
}

/* The tracepoint path cannot tell hold times: said once, under the status. */
static void header(void)
{
	if (contention)
		fprintf(output_mode == OUTPUT_JSON ? stderr : stdout, "No fentry or kprobes here: waits of contended locks only, from lock:contention_begin/end; no hold times\n");
}

struct row {
	__s64 key;
	struct klockstat_stat s;
	uint64_t ips[STACKS_MAX_DEPTH];
	int n; /* frames in ips, the lock functions' own skipped */
};

/* The frames of the lock functions themselves and of the tracing
 * machinery above them: the row is named by the first frame past them,
 * the lock's caller, whichever mechanism took the stack. */
static bool lock_internal(const char *frame)
{
	static const char *const prefixes[] = { "mutex_",  "__mutex_", "rwsem_",	 "__rwsem_", "down_", "__down_",
						"up_read", "up_write", "__bpf_trace_", "bpf_",	     "__traceiter_",
						"trace_",  "perf_",	  NULL };
	for (int i = 0; prefixes[i]; i++)
		if (!strncmp(frame, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

static const char *frame_name(uint64_t ip)
{
	const char *name = NULL;
	return symbols_kernel(syms, ip, &name, 1) > 0 && name ? name : "Unknown";
}

static void load_stack(struct row *r)
{
	uint64_t ips[STACKS_MAX_DEPTH];
	int n = per_thread || r->key < 0 ? 0 : stacks_walk(traces_fd, r->key, ips);
	int first = 0;
	while (first < n - 1 && lock_internal(frame_name(ips[first])))
		first++;
	r->n = n > 0 ? n - first : 0;
	memcpy(r->ips, ips + first, r->n * sizeof(ips[0]));
}

/* -c: the caller's name starts with FUNC (a row without one is kept). */
static bool caller_traced(const struct row *r)
{
	if (!caller || per_thread || !r->n)
		return true;
	const char *name = frame_name(r->ips[0]);
	return !strcmp(name, "Unknown") || !strncmp(name, caller, strlen(caller));
}

static bool hold_side;

static uint64_t sort_value(const struct row *r)
{
	const struct klockstat_stat *s = &r->s;
	switch (hold_side ? sort_hld : sort_acq) {
	case SORT_COUNT:
		return hold_side ? s->hld_count : s->acq_count;
	case SORT_TOTAL:
		return hold_side ? s->hld_total : s->acq_total;
	default:
		return hold_side ? s->hld_max : s->acq_max;
	}
}

static int larger_first(const void *a, const void *b)
{
	uint64_t x = sort_value(a), y = sort_value(b);
	return x > y ? -1 : x < y;
}

/* libbpf-tools' units: "1.5 ms", "12 ns". */
static const char *print_time(char *buf, size_t len, uint64_t nsec)
{
	static const struct {
		double base;
		const char *unit;
	} table[] = { { 1e9 * 3600, "h " }, { 1e9 * 60, "m " }, { 1e9, "s " }, { 1e6, "ms" }, { 1e3, "us" } };
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (nsec >= table[i].base) {
			snprintf(buf, len, "%.1f %s", nsec / table[i].base, table[i].unit);
			return buf;
		}
	snprintf(buf, len, "%u ns", (unsigned)nsec);
	return buf;
}

static const char *lock_label(uint64_t addr, char *buf, size_t len)
{
	if (kallsyms_name_at(addr, buf, len))
		snprintf(buf, len, "no-ksym");
	return buf;
}

static void print_table(const struct row *rows, int n, bool hold)
{
	for (int i = 0; i < n && i < (int)nr_locks; i++) {
		const struct row *r = &rows[i];
		const struct klockstat_stat *s = &r->s;
		uint64_t count = hold ? s->hld_count : s->acq_count;
		uint64_t total = hold ? s->hld_total : s->acq_total;
		uint64_t max = hold ? s->hld_max : s->acq_max;
		if (i == 0 || nr_stacks > 1)
			printf("\n%s  Avg %s    Count   Max %s   Total %s\n",
			       per_thread ? "                Tid              Comm" : "                               Caller",
			       hold ? "Hold" : "Wait", hold ? "Hold" : "Wait", hold ? "Hold" : "Wait");
		char name[64], avg[40], mx[40], tot[40];
		if (per_thread)
			snprintf(name, sizeof(name), "%u  %16s", (unsigned)r->key, s->comm);
		else
			snprintf(name, sizeof(name), "%s", r->n ? frame_name(r->ips[0]) : "[Missed Kernel Stack]");
		printf("%37s %9s %8" PRIu64 " %10s %12s\n", name, print_time(avg, sizeof(avg), count ? total / count : 0),
		       count, print_time(mx, sizeof(mx), max), print_time(tot, sizeof(tot), total));
		if (per_thread)
			continue;
		for (int f = 1; f < (int)nr_stacks && f < r->n; f++)
			printf("%37s\n", frame_name(r->ips[f]));
		if (nr_stacks > 1) {
			char lock[128];
			uint64_t lp = hold ? s->hld_max_lock : s->acq_max_lock;
			printf("                              Max PID %" PRIu64 ", COMM %.16s, Lock %s (0x%" PRIx64 ")\n",
			       (uint64_t)(hold ? s->hld_max_id : s->acq_max_id) >> 32, hold ? s->hld_max_comm : s->acq_max_comm,
			       lock_label(lp, lock, sizeof(lock)), lp);
		}
	}
}

static void json_side(struct json *j, const char *key, uint64_t count, uint64_t total, uint64_t max, uint64_t max_id,
		      const char *comm, uint64_t lock)
{
	char addr[24], name[128];
	json_object(j, key);
	json_u64(j, "count", count);
	json_u64(j, "avg_ns", count ? total / count : 0);
	json_u64(j, "max_ns", max);
	json_u64(j, "total_ns", total);
	json_u64(j, "max_pid", max_id >> 32);
	json_u64(j, "max_tid", (uint32_t)max_id);
	json_strn(j, "max_comm", comm, 16);
	snprintf(addr, sizeof(addr), "0x%" PRIx64, lock);
	json_str(j, "max_lock", addr);
	json_str(j, "max_lock_name", lock_label(lock, name, sizeof(name)));
	json_close(j);
}

/* One object per caller stack (or thread), in the wait table's order. */
static void print_json(const struct row *rows, int n, const char *hms)
{
	for (int i = 0; i < n && i < (int)nr_locks; i++) {
		const struct row *r = &rows[i];
		const struct klockstat_stat *s = &r->s;
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		if (tool_args.timestamp)
			json_str(&j, "time", hms);
		if (per_thread) {
			json_u64(&j, "tid", (uint64_t)r->key);
			json_strn(&j, "comm", s->comm, sizeof(s->comm));
		} else {
			json_str(&j, "caller", r->n ? frame_name(r->ips[0]) : "[Missed Kernel Stack]");
			json_array(&j, "stack");
			for (int f = 0; f < (int)nr_stacks && f < r->n; f++)
				json_str(&j, NULL, frame_name(r->ips[f]));
			json_close(&j);
		}
		json_side(&j, "wait", s->acq_count, s->acq_total, s->acq_max, s->acq_max_id, s->acq_max_comm,
			  s->acq_max_lock);
		if (full)
			json_side(&j, "hold", s->hld_count, s->hld_total, s->hld_max, s->hld_max_id, s->hld_max_comm,
				  s->hld_max_lock);
		else
			json_null(&j, "hold");
		json_line_end(&j);
	}
}

static int interval(struct tracer *t, bool last)
{
	struct klockstat_bpf *skel = t->skel;
	struct row *rows = NULL;
	char hms[16];
	tool_interval_head(output_mode == OUTPUT_JSON ? NULL : stdout, hms);
	int n = histmap_read(bpf_map__fd(skel->maps.stats), sizeof(rows->key), sizeof(*rows), offsetof(struct row, s),
			     reset, (void **)&rows);
	if (n < 0)
		return n;
	int kept = 0;
	for (int i = 0; i < n; i++) {
		load_stack(&rows[i]);
		if (caller_traced(&rows[i]))
			rows[kept++] = rows[i];
	}
	hold_side = false;
	qsort(rows, kept, sizeof(*rows), larger_first);
	if (output_mode == OUTPUT_JSON) {
		print_json(rows, kept, hms);
	} else {
		print_table(rows, kept, false);
		if (full) {
			hold_side = true;
			qsort(rows, kept, sizeof(*rows), larger_first);
			print_table(rows, kept, true);
		}
		if (last)
			printf("Exiting trace of mutex/sem locks\n");
	}
	free(rows);
	fflush(stdout);
	return 0;
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

DECLARE_TOOL(klockstat, .category = "kernel", .summary = "Trace mutex/sem lock acquisition and hold times, in nsec",
	     .shape = TOOL_INTERVAL,
	     .takes = TOOL_PID | TOOL_TID | TOOL_JSON | TOOL_DURATION | TOOL_INTERVAL_OPTION | TOOL_TIMESTAMP,
	     .help = { .pid = "Filter by process ID", .tid = "Filter by thread ID", .duration = "Duration to trace",
		       .json = "One JSON object per caller (or thread) each interval" },
	     .bound = options, .options = sort_option, .parse = parse, TOOL_PROBES(probes), .configure = configure,
	     .started = started, .end = end, .interval = interval,
	     .status = "Tracing mutex/sem lock events...  Hit Ctrl-C to end", .header = header,
	     .examples = "  klockstat                     # trace system wide until ctrl-c\n"
			 "  klockstat -d 5                # trace for 5 seconds\n"
			 "  klockstat -i 5                # print stats every 5 seconds\n"
			 "  klockstat -p 181              # trace process 181 only\n"
			 "  klockstat -t 181              # trace thread 181 only\n"
			 "  klockstat -c pipe_            # print only for lock callers with 'pipe_'\n"
			 "                                # prefix\n"
			 "  klockstat -L cgroup_mutex     # trace the cgroup_mutex lock only (accepts addr too)\n"
			 "  klockstat -S acq_count        # sort lock acquired results by acquire count\n"
			 "  klockstat -S hld_total        # sort lock held results by total held time\n"
			 "  klockstat -S acq_count,hld_total  # combination of above\n"
			 "  klockstat -n 3                # display top 3 locks/threads\n"
			 "  klockstat -s 6                # display 6 stack entries per lock\n"
			 "  klockstat -P                  # print stats per thread");
