/* deadlock: potential deadlocks (lock order inversions) of a running
 * process's mutexes, as BCC's deadlock: uprobes on its lock and unlock
 * functions (pthread_mutex_lock/unlock in its libc, or its own in a
 * static program) keep which mutexes each thread holds and the order it
 * locked them in; every second the graph is searched for a cycle, and the
 * first found is printed with the stacks that made each edge, after which
 * the tool exits (status 1, as BCC's).  The graph: cmd/deadlock_graph.c. */
#include "cmd/deadlock.h"

#include "core/binary.h"
#include "core/elfsyms.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "histo/json.h"
#include "probes/deadlock.skel.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Lock and unlock functions --lock-symbols and --unlock-symbols can name. */
#define DL_MAX_SYMS 8

enum { OPT_BINARY = 0x100, OPT_DUMP, OPT_VERBOSE_STATS, OPT_LOCKS, OPT_UNLOCKS };

static const char *binary_arg, *dump_path;
static const char *lock_list = "pthread_mutex_lock", *unlock_list = "pthread_mutex_unlock";
static bool verbose;
static unsigned long max_threads = 65536, max_edges = 65536, max_stacks = 65536;

static char path[PATH_MAX]; /* the file the uprobes go into */
static const char *binary = path;
static char shown[PATH_MAX]; /* its name in messages */

/* Unlocks first, then locks, as BCC attaches them: a lock seen before its
 * unlock could be would stay held for ever. */
static char names[2 * DL_MAX_SYMS][128];
static bool name_on[2 * DL_MAX_SYMS];
#define SYM(i, prog)                                                                                   \
	{ names[i], { { PM_UPROBE, prog, names[i] } }, .binary = &binary, .pid = &tool_args.pid, .when = &name_on[i] }
#define UNLOCK(i) SYM(i, "release_uprobe")
#define LOCK(i) SYM(DL_MAX_SYMS + i, "acquire_uprobe")
static const struct probe_spec probes[] = {
	PROBE_BTF_RAW_TP("sched", "sched_process_fork", "fork"),
	UNLOCK(0), UNLOCK(1), UNLOCK(2), UNLOCK(3), UNLOCK(4), UNLOCK(5), UNLOCK(6), UNLOCK(7),
	LOCK(0), LOCK(1), LOCK(2), LOCK(3), LOCK(4), LOCK(5), LOCK(6), LOCK(7),
};

static const struct tool_option options[] = {
	OPT_STRING(OPT_BINARY, "binary", "BINARY", &binary_arg,
		   "If set, trace the mutexes from the binary at this path (default: the process's own lock "
		   "functions if it is statically linked, else those of the libc it has mapped)"),
	OPT_STRING(OPT_DUMP, "dump-graph", "DUMP_GRAPH", &dump_path,
		   "If set, this will dump the mutex graph to the specified file"),
	OPT_FLAG(OPT_VERBOSE_STATS, "verbose", &verbose, "Print statistics about the mutex wait graph"),
	OPT_STRING(OPT_LOCKS, "lock-symbols", "LOCK_SYMBOLS", &lock_list,
		   "Comma-separated list of lock symbols to trace. Default is pthread_mutex_lock. These symbols "
		   "cannot be inlined in the binary"),
	OPT_STRING(OPT_UNLOCKS, "unlock-symbols", "UNLOCK_SYMBOLS", &unlock_list,
		   "Comma-separated list of unlock symbols to trace. Default is pthread_mutex_unlock. These "
		   "symbols cannot be inlined in the binary"),
	OPT_ULONG('t', "threads", "THREADS", &max_threads, 1, 1UL << 22,
		  "Specifies the maximum number of threads to trace. default 65536"),
	OPT_ULONG('e', "edges", "EDGES", &max_edges, 1, 1UL << 24,
		  "Specifies the maximum number of edge cases that can be recorded. default 65536"),
	OPT_ULONG('s', "stacktraces", "STACKTRACES", &max_stacks, 1, 1UL << 22,
		  "Specifies the maximum number of stack traces that can be recorded. default 65536"),
	{ { 0 } },
};

/* BCC's positional pid. */
static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	if (key == ARGP_KEY_ARG) {
		if (tool_args.pid) {
			log_err("unexpected argument '%.64s': one PID is traced", arg);
			return EINVAL;
		}
		return args_pid(arg, "pid", &tool_args.pid) ? EINVAL : 0;
	}
	if (key == ARGP_KEY_END && !tool_args.pid) {
		log_err("the PID to trace is missing: deadlock PID");
		return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

/* A comma-separated list into names[first...]: 0 or EINVAL. */
static int take_names(const char *list, int first, const char *option)
{
	int n = 0;
	for (const char *s = list;; s++) {
		size_t len = strcspn(s, ",");
		if (!len || len >= sizeof(names[0]) || n == DL_MAX_SYMS)
			return args_refuse(true, "%s: '%.64s' is not a list of up to %d symbol names", option, list,
					   DL_MAX_SYMS);
		snprintf(names[first + n], sizeof(names[0]), "%.*s", (int)len, s);
		name_on[first + n++] = true;
		s += len;
		if (!*s)
			return 0;
	}
}

/* The file holding the lock functions: --binary's, else the program if it
 * has them itself (static), else the libc it maps. */
static int find_binary(pid_t pid)
{
	if (binary_arg) {
		if (resolve_binary(binary_arg, pid, path, sizeof(path)) < 0) {
			log_err("cannot find --binary '%s'", binary_arg);
			return -ENOENT;
		}
		snprintf(shown, sizeof(shown), "%s", path);
		return 0;
	}
	snprintf(path, sizeof(path), "/proc/%d/exe", pid);
	ssize_t n = readlink(path, shown, sizeof(shown) - 1);
	if (n < 0) {
		log_err("cannot read %s: %s. Is the process (pid=%d) running?", path, strerror(errno), pid);
		return -ESRCH;
	}
	shown[n] = 0;
	if (elf_defines_function(path, names[DL_MAX_SYMS]) == 1)
		return 0;
	char lib[PATH_MAX];
	if (resolve_binary("c", pid, lib, sizeof(lib)) == 0 && binary_mapped(pid, lib)) {
		snprintf(path, sizeof(path), "%s", lib);
		snprintf(shown, sizeof(shown), "%s", lib);
	}
	return 0;
}

static int check_symbols(void)
{
	for (int i = 0; i < 2 * DL_MAX_SYMS; i++) {
		if (!name_on[i])
			continue;
		int r = elf_defines_function(path, names[i]);
		if (r < 0) {
			log_err("cannot read %s: %s", shown, r == -ENOEXEC ? "not an ELF file" : strerror(-r));
			return r;
		}
		if (!r) {
			log_err("%s has no function %s%s", shown, names[i],
				binary_arg ? "" : ": is --binary missing?");
			return -ENOENT;
		}
	}
	return 0;
}

static struct symbols *syms;
static int traces_fd = -1, edges_fd = -1, parents_fd = -1;

static int size_map(struct bpf_map *m, unsigned long n)
{
	/* Memory as used: 65536 preallocated stacks alone are 64 MiB. */
	int err = bpf_map__set_max_entries(m, n) ?: bpf_map__set_map_flags(m, BPF_F_NO_PREALLOC);
	if (err)
		log_err("cannot size map %s: %s", bpf_map__name(m), strerror(-err));
	return err;
}

static int configure(struct tracer *t)
{
	struct deadlock_bpf *skel = t->skel;
	int err = -take_names(unlock_list, 0, "--unlock-symbols") ?: -take_names(lock_list, DL_MAX_SYMS, "--lock-symbols");
	err = err ?: find_binary(tool_args.pid) ?: check_symbols();
	if (err)
		return err;
	if (dump_path && access(dump_path, F_OK) && errno != ENOENT) {
		log_err("--dump-graph %s: %s", dump_path, strerror(errno));
		return -errno;
	}
	skel->rodata->targ_tgid = tool_args.pid;
	err = size_map(skel->maps.threads, max_threads) ?: size_map(skel->maps.parents, max_threads) ?:
	      size_map(skel->maps.edges, max_edges) ?: size_map(skel->maps.stack_traces, max_stacks);
	if (err)
		return err;
	syms = symbols_open(NULL);
	return syms ? 0 : -ENOMEM;
}

static int started(struct tracer *t)
{
	struct deadlock_bpf *skel = t->skel;
	traces_fd = bpf_map__fd(skel->maps.stack_traces);
	edges_fd = bpf_map__fd(skel->maps.edges);
	parents_fd = bpf_map__fd(skel->maps.parents);
	/* The mappings now, while the process runs: stacks still resolve if
	 * it exits before a cycle is printed. */
	symbols_preload(syms, tool_args.pid);
	return 0;
}

static int end(struct tracer *t)
{
	(void)t;
	symbols_close(syms);
	return 0;
}

/* A stack's frames, with the lock function's caller the frame-pointer
 * walk from its first instruction misses put back (probes/deadlock.h). */
static int frames(int64_t id, uint64_t uret, uint64_t *ips)
{
	int n = stacks_walk(traces_fd, id, ips);
	/* A saved frame pointer that points at itself (libc's clone3 keeps
	 * no frame) fills the walk with one address to its limit: once. */
	if (n == STACKS_MAX_DEPTH)
		while (n >= 2 && ips[n - 1] == ips[n - 2])
			n--;
	if (uret && n >= 1 && n < STACKS_MAX_DEPTH && (n < 2 || ips[1] != uret)) {
		memmove(&ips[2], &ips[1], (n - 1) * sizeof(ips[0]));
		ips[1] = uret;
		n++;
	}
	return n;
}

static void print_stack(int64_t id, uint64_t uret)
{
	uint64_t ips[STACKS_MAX_DEPTH];
	int n = frames(id, uret, ips);
	for (int i = 0; i < n; i++) {
		const char *name = "[unknown]";
		symbols_user(syms, tool_args.pid, ips[i], &name, 1);
		printf("@ %016" PRIx64 " %s\n", ips[i], name);
	}
}

static void json_stack(struct json *j, const char *key, int64_t id, uint64_t uret)
{
	uint64_t ips[STACKS_MAX_DEPTH];
	int n = frames(id, uret, ips);
	struct stackfmt f = { .syms = syms, .json = true, .user = true };
	stackfmt_json_stack(&f, j, key, ips, n, id, false, tool_args.pid);
}

/* "Mutex M0 (mutex_a 0x...)": BCC's alias of a mutex, with the global
 * variable holding it where there is one. */
struct alias {
	uint64_t mutex;
	char sym[256];
	char text[320];
};

/* Where each thread of the cycle was created, in the order they appear. */
static int cycle_threads(const struct dl_graph *g, const size_t *cycle, int n, uint32_t *tids)
{
	int nt = 0;
	for (int i = 0; i < n; i++) {
		uint32_t tid = g->edges[cycle[i]].v.tid;
		bool seen = false;
		for (int k = 0; k < nt && !seen; k++)
			seen = tids[k] == tid;
		if (!seen)
			tids[nt++] = tid;
	}
	return nt;
}

static void print_json(const struct dl_graph *g, const size_t *cycle, int n, const struct alias *a)
{
	struct json j;
	char buf[32];
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_array(&j, "cycle");
	for (int i = 0; i < n; i++) {
		json_object(&j, NULL);
		snprintf(buf, sizeof(buf), "M%d", i);
		json_str(&j, "mutex", buf);
		snprintf(buf, sizeof(buf), "0x%016" PRIx64, a[i].mutex);
		json_str(&j, "address", buf);
		if (a[i].sym[0])
			json_str(&j, "symbol", a[i].sym);
		else
			json_null(&j, "symbol");
		json_close(&j);
	}
	json_close(&j);
	json_array(&j, "edges");
	for (int i = 0; i < n; i++) {
		const struct dl_edge *e = &g->edges[cycle[i]];
		json_object(&j, NULL);
		snprintf(buf, sizeof(buf), "M%d", (i + 1) % n);
		json_str(&j, "acquired", buf);
		snprintf(buf, sizeof(buf), "M%d", i);
		json_str(&j, "holding", buf);
		json_u64(&j, "tid", e->v.tid);
		json_strn(&j, "comm", e->v.comm, sizeof(e->v.comm));
		json_stack(&j, "acquired_stack", e->v.stack2, e->v.uret2);
		json_stack(&j, "holding_stack", e->v.stack1, e->v.uret1);
		json_close(&j);
	}
	json_close(&j);
	json_array(&j, "threads");
	uint32_t tids[64];
	int nt = cycle_threads(g, cycle, n < 64 ? n : 64, tids);
	for (int i = 0; i < nt; i++) {
		struct deadlock_parent p;
		json_object(&j, NULL);
		json_u64(&j, "tid", tids[i]);
		if (!bpf_map_lookup_elem(parents_fd, &tids[i], &p)) {
			json_u64(&j, "parent_tid", p.parent_tid);
			json_strn(&j, "parent_comm", p.comm, sizeof(p.comm));
			json_stack(&j, "stack", p.stack, 0);
		} else {
			json_null(&j, "parent_tid");
		}
		json_close(&j);
	}
	json_close(&j);
	json_line_end(&j);
}

/* BCC's print_cycle, line for line. */
static void print_text(const struct dl_graph *g, const size_t *cycle, int n, const struct alias *a)
{
	printf("----------------\nPotential Deadlock Detected!\n\n");
	printf("Cycle in lock order graph: ");
	for (int i = 0; i <= n; i++)
		printf("%s%s", i ? " => " : "", a[i % n].text);
	printf("\n\n");
	for (int i = 0; i < n; i++) {
		const struct dl_edge *e = &g->edges[cycle[i]];
		const char *held = a[i].text, *got = a[(i + 1) % n].text;
		printf("%s acquired here while holding %s in Thread %u (%.16s):\n", got, held, e->v.tid, e->v.comm);
		print_stack(e->v.stack2, e->v.uret2);
		printf("\n%s previously acquired by the same Thread %u (%.16s) here:\n", held, e->v.tid, e->v.comm);
		print_stack(e->v.stack1, e->v.uret1);
		printf("\n");
	}
	uint32_t tids[64];
	int nt = cycle_threads(g, cycle, n < 64 ? n : 64, tids);
	for (int i = 0; i < nt; i++) {
		struct deadlock_parent p;
		if (!bpf_map_lookup_elem(parents_fd, &tids[i], &p)) {
			printf("Thread %u created by Thread %u (%.16s) here: \n", tids[i], p.parent_tid, p.comm);
			print_stack(p.stack, 0);
		} else {
			printf("Could not find stack trace where Thread %u was created\n", tids[i]);
		}
		printf("\n");
	}
}

static int report(const struct dl_graph *g, const size_t *cycle, int n)
{
	struct alias *a = calloc(n, sizeof(*a));
	if (!a)
		return -ENOMEM;
	/* Fresh mappings while the process runs (it may have loaded more);
	 * the ones read at the start once it is gone. */
	if (!kill(tool_args.pid, 0))
		symbols_forget(syms, tool_args.pid);
	for (int i = 0; i < n; i++) {
		a[i].mutex = g->edges[cycle[i]].k.mutex1;
		if (!proc_data_symbol(tool_args.pid, a[i].mutex, a[i].sym, sizeof(a[i].sym)))
			a[i].sym[0] = 0;
		snprintf(a[i].text, sizeof(a[i].text), "Mutex M%d (%s%s0x%016" PRIx64 ")", i, a[i].sym,
			 a[i].sym[0] ? " " : "", a[i].mutex);
	}
	if (output_mode == OUTPUT_JSON)
		print_json(g, cycle, n, a);
	else
		print_text(g, cycle, n, a);
	fflush(stdout);
	free(a);
	return 0;
}

static void print_stats(const struct dl_graph *g)
{
	if (output_mode == OUTPUT_JSON) {
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_u64(&j, "mutexes", g->nnodes);
		json_u64(&j, "edges", g->nedges);
		json_line_end(&j);
	} else {
		printf("Mutexes: %zu, Edges: %zu\n", g->nnodes, g->nedges);
	}
	fflush(stdout);
}

/* Every second, and at the end: the graph, its statistics and dump, and a
 * cycle in it.  A cycle found ends the run, with status 1 as BCC's. */
static int check(struct tracer *t, bool last)
{
	(void)t, (void)last;
	struct dl_graph g;
	size_t *cycle = NULL;
	int err = dl_graph_read(edges_fd, &g);
	if (err) {
		log_err("cannot read the mutex graph: %s", strerror(-err));
		dl_graph_free(&g);
		return err;
	}
	if (verbose)
		print_stats(&g);
	if (dump_path && (err = dl_graph_dump(&g, dump_path)))
		log_err("cannot write --dump-graph %s: %s", dump_path, strerror(-err));
	int n = err ? err : dl_graph_cycle(&g, &cycle);
	if (n > 0)
		err = report(&g, cycle, n) ?: -ECANCELED;
	else
		err = n;
	free(cycle);
	dl_graph_free(&g);
	return err;
}

DECLARE_TOOL(deadlock, .category = "kernel",
	     .summary = "Detect potential deadlocks (lock inversions) in a running binary",
	     .help.after = "Traces the lock and unlock calls of process PID and, every second, looks for a cycle "
			   "in the order its threads lock mutexes: the first cycle found is printed with the stacks "
			   "that locked each mutex, and the tool exits with status 1.",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON, .help.json = "One JSON object per potential deadlock (and "
									"per --verbose line)",
	     .bound = options, .parse = parse, .args_doc = "pid", .long_verbose = true, TOOL_PROBES(probes),
	     .configure = configure, .started = started, .end = end, .interval = check, .interval_ms = 1000,
	     .status = "Tracing... Hit Ctrl-C to end.",
	     .examples = "  deadlock 181                 # Analyze PID 181\n"
			 "  deadlock 181 --binary /lib/x86_64-linux-gnu/libc.so.6\n"
			 "                               # Analyze PID 181 and locks from this binary\n"
			 "  deadlock 181 --verbose       # and print statistics about the mutex wait graph\n"
			 "  deadlock 181 --lock-symbols my_mutex_lock1,my_mutex_lock2 \\\n"
			 "      --unlock-symbols my_mutex_unlock1,my_mutex_unlock2\n"
			 "                               # trace custom mutex functions, not pthread's\n"
			 "  deadlock 181 --dump-graph graph.json\n"
			 "                               # and dump the mutex wait graph to graph.json");
