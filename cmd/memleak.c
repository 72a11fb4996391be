/* memleak: allocations not yet freed, by the stack that made them, as
 * BCC's memleak: a process's (libc's allocators, or -O's) or, without -p
 * and -c, the kernel's (its kmem or, with --percpu, percpu tracepoints).
 * The report's reading and printing: cmd/memleak_report.c. */
#include "cmd/memleak.h"

#include "core/runcmd.h"
#include "histo/json.h"
#include "probes/memleak.skel.h"

#include "probes/memleak.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static const char default_obj[] = "c";
struct memleak_opts memleak = { .older_ms = 500, .sample_rate = 1, .top = 10, .max_size = ~0UL, .obj = default_obj };
static const char *command, *sort_key = "size", *symbols_prefix;
static bool min_given, max_given;
static bool user_mode, kernel_slab, kernel_percpu;

/* An allocator's entry and return, and the frees' entries, in -O's file;
 * those BCC lets fail (jemalloc has no mmap, bionic no valloc) optional. */
#define USER(func, ...) PROBE_UPROBE_BOTH(func, NULL, .library = &memleak.obj, .pid = &tool_args.pid, .when = &user_mode, __VA_ARGS__)
#define USER_FREE(func, ...) PROBE_UPROBE(func, func, NULL, .library = &memleak.obj, .pid = &tool_args.pid, .when = &user_mode, __VA_ARGS__)
#define KERNEL(event, prog, when_, ...) { event, { { PM_TRACEPOINT, prog "_tp", event } }, .when = &when_, __VA_ARGS__ }
static struct probe_spec probes[] = {
	USER("malloc"), USER("calloc"), USER("realloc"), USER("mmap", .optional = true), USER("posix_memalign"),
	USER("valloc", .optional = true), USER("memalign"), USER("pvalloc", .optional = true),
	USER("aligned_alloc", .optional = true), USER_FREE("free"), USER_FREE("munmap", .optional = true),
	KERNEL("kmem:kmalloc", "kmalloc", kernel_slab), KERNEL("kmem:kfree", "kfree", kernel_slab),
	KERNEL("kmem:kmem_cache_alloc", "kmem_cache_alloc", kernel_slab),
	KERNEL("kmem:kmem_cache_free", "kmem_cache_free", kernel_slab),
	KERNEL("kmem:mm_page_alloc", "mm_page_alloc", kernel_slab), KERNEL("kmem:mm_page_free", "mm_page_free", kernel_slab),
	/* Before 6.1 only. */
	KERNEL("kmem:kmalloc_node", "kmalloc_node", kernel_slab, .optional = true),
	KERNEL("kmem:kmem_cache_alloc_node", "kmem_cache_alloc_node", kernel_slab, .optional = true),
	KERNEL("percpu:percpu_alloc_percpu", "percpu_alloc", kernel_percpu),
	KERNEL("percpu:percpu_free_percpu", "percpu_free", kernel_percpu),
};
#define NUSER 20 /* the first specs: the user allocators' */

static const struct tool_option options[] = {
	OPT_FLAG('t', "trace", &memleak.trace, "print trace messages for each alloc/free call", .rodata = "trace_all"),
	OPT_FLAG('a', "show-allocs", &memleak.show_allocs, "show allocation addresses and sizes as well as call stacks"),
	OPT_ULONG('o', "older", "OLDER", &memleak.older_ms, 0, 1UL << 40,
		  "prune allocations younger than this age in milliseconds"),
	OPT_STRING('c', "command", "COMMAND", &command, "execute and trace the specified command"),
	OPT_FLAG(1, "combined-only", &memleak.combined_only, "show combined allocation statistics only"),
	OPT_FLAG(2, "wa-missing-free", &memleak.wa_missing_free,
		 "Workaround to alleviate misjudgments when free is missing", .rodata = "wa_missing_free"),
	OPT_ULONG('s', "sample-rate", "SAMPLE_RATE", &memleak.sample_rate, 1, 1UL << 40,
		  "sample every N-th allocation to decrease the overhead", .rodata = "sample_rate"),
	OPT_ULONG('T', "top", "TOP", &memleak.top, 1, 1UL << 30,
		  "display only this many top allocating stacks (by size)"),
	OPT_ULONG('z', "min-size", "MIN_SIZE", &memleak.min_size, 0, ~0UL,
		  "capture only allocations larger than or equal to this size", .given = &min_given, .rodata = "min_size"),
	OPT_ULONG('Z', "max-size", "MAX_SIZE", &memleak.max_size, 0, ~0UL,
		  "capture only allocations smaller than or equal to this size", .given = &max_given, .rodata = "max_size"),
	OPT_STRING('O', "obj", "OBJ", &memleak.obj, "attach to allocator functions in the specified object"),
	OPT_FLAG(3, "percpu", &memleak.percpu, "trace percpu allocations"),
	OPT_STRING(4, "sort", "SORT", &sort_key, "report sorted in given key; available key list: size, count"),
	OPT_STRING(5, "symbols-prefix", "SYMBOLS_PREFIX", &symbols_prefix, "memory allocator symbols prefix"),
	{ { 0 } },
};

/* --symbols-prefix: the allocators' names in the file (je_malloc). */
static int prefix_symbols(void)
{
	static char names[NUSER][128];
	for (int i = 0; i < NUSER; i++) {
		int n = snprintf(names[i], sizeof(names[i]), "%s%s", symbols_prefix, probes[i].alt[0].target);
		if (n >= (int)sizeof(names[i])) {
			log_err("--symbols-prefix '%.32s...' is too long", symbols_prefix);
			return -EINVAL;
		}
		probes[i].alt[0].target = names[i];
	}
	return 0;
}

static int configure(struct tracer *t)
{
	bool kernel = !tool_args.pid && !command;
	memleak.by_count = !strcmp(sort_key, "count");
	int err = args_exclusive(tool_args.pid, 'p', command, 'c') ?:
		  args_refuse(strcmp(sort_key, "size") && !memleak.by_count,
			      "--sort: '%.32s' is not a key; available key list: size, count", sort_key) ?:
		  args_refuse(min_given && max_given && memleak.min_size > memleak.max_size,
			      "min_size (-z) can't be greater than max_size (-Z)") ?:
		  args_refuse(memleak.percpu && !kernel, "--percpu traces the kernel's percpu allocator: not with -p or -c") ?:
		  args_refuse(kernel && (memleak.obj != default_obj || symbols_prefix),
			      "-O and --symbols-prefix name a process's allocators: they need -p or -c") ?:
		  (command ? runcmd_take_line(command) : 0);
	if (err)
		return -err;
	if (symbols_prefix && (err = prefix_symbols()))
		return err;
	user_mode = !kernel;
	kernel_slab = kernel && !memleak.percpu;
	kernel_percpu = kernel && memleak.percpu;
	memleak.kernel = kernel;
	return tracer_set_rodata_uint(t, "kernel_mode", kernel) ?:
	       tracer_set_rodata_uint(t, "page_size", (uint64_t)sysconf(_SC_PAGESIZE));
}

static void header(void)
{
	if (command)
		record_status("Executing '%s' and tracing the resulting process.", command);
	if (memleak.kernel)
		record_status("Attaching to kernel allocators, Ctrl+C to quit.");
	else
		record_status("Attaching to pid %d, Ctrl+C to quit.", tool_args.pid);
}

/* -t: BCC's three trace messages, after the task, CPU and time the trace
 * pipe gives each. */
static int trace_event(const void *data, size_t size)
{
	const struct memleak_event *e = data;
	static const char *const what[] = { "alloc entered", "alloc exited", "free entered" };
	(void)size;
	if (e->what > ML_FREE_ENTER)
		return 0;
	if (output_mode == OUTPUT_JSON) {
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "comm", e->comm);
		json_u64(&j, "pid", e->pid);
		json_u64(&j, "tid", e->tid);
		json_u64(&j, "cpu", e->cpu);
		json_double(&j, "ts", "%.6f", e->ts_ns / 1e9);
		json_str(&j, "event", what[e->what]);
		json_u64(&j, "size", e->size);
		if (e->what != ML_ALLOC_ENTER)
			json_u64(&j, "address", e->addr);
		json_line_end(&j);
		fflush(stdout);
		return 0;
	}
	printf("%s-%u [%03u] %.6f: %s, ", e->comm, e->tid, e->cpu, e->ts_ns / 1e9, what[e->what]);
	if (e->what == ML_ALLOC_ENTER)
		printf("size = %llu\n", (unsigned long long)e->size);
	else if (e->what == ML_ALLOC_EXIT)
		printf("size = %llu, result = %llx\n", (unsigned long long)e->size, (unsigned long long)e->addr);
	else
		printf("address = %llx, size = %llu\n", (unsigned long long)e->addr, (unsigned long long)e->size);
	fflush(stdout); /* each call as it happens, as BCC's trace pipe */
	return 0;
}

static int summary(struct tracer *t, bool last)
{
	/* BCC's prints a report per interval and nothing at Ctrl-C; with -t
	 * the trace is all it prints. */
	if (last || memleak.trace)
		return 0;
	return memleak_report(t);
}

static int end(struct tracer *t)
{
	(void)t;
	memleak_report_free();
	return 0;
}

DECLARE_TOOL(memleak, .category = "memory", .summary = "Trace outstanding memory allocations that weren't freed",
	     .help.after = "Supports both user-mode allocations made with libc functions and kernel-mode allocations made "
			   "with kmalloc/kmem_cache_alloc/get_free_pages and corresponding memory release functions.",
	     .shape = TOOL_INTERVAL, .takes = TOOL_PID | TOOL_JSON | TOOL_BUFFER | TOOL_INTERVAL_COUNT,
	     .help.pid = "the PID to trace; if not specified, trace kernel allocs",
	     .help.json = "One JSON object per stack and report (-t: per alloc/free call)", .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .header = header, .event = trace_event,
	     .event_size = sizeof(struct memleak_event), .interval = summary, .interval_ms = 5000, .end = end,
	     .examples = "  memleak -p $(pidof allocs)      # outstanding allocations every 5 seconds\n"
			 "  memleak -p $(pidof allocs) -t   # and each allocator call\n"
			 "  memleak -ap $(pidof allocs) 10  # addresses and sizes too, every 10 seconds\n"
			 "  memleak -c \"./allocs\"           # run the command and trace its allocations\n"
			 "  memleak                         # kernel allocations every 5 seconds\n"
			 "  memleak -o 60000                # kernel allocations at least a minute old\n"
			 "  memleak -s 5                    # trace roughly every 5th allocation\n"
			 "  memleak --sort count            # kernel allocations, sorted by count");
