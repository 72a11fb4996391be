/* trace: print a line when a function or event fires, with values the spec
 * names, as BCC's trace; the specs are compiled to BPF in-process
 * (core/compiler/tracegen.c), no compiler needed. */
#include "core/args.h"
#include "core/compiler/dynprobe.h"
#include "core/events.h"
#include "core/flight.h"
#include "core/log.h"
#include "core/clock.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/record.h"
#include "core/tool.h"
#include "core/compiler/tracegen.h"
#include "core/tracer.h"
#include "core/compiler/tracespec.h"
#include "histo/histo.h"
#include "histo/json.h"
#include "symbolize/symbolize.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <fcntl.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PROBES 16

static struct opts {
	pid_t tgid, tid;
	long uid;
	bool has_uid, include_self, timestamp, unix_time, time, cpu, kernel_stack, user_stack, addresses, aggregate,
		bin_cmp;
	unsigned long string_size, max_events, pages;
	bool pages_given;
	const char *name, *msg_filter, *cgroup;
	char *sym_files; /* -s: comma-separated */
	const char *specs[MAX_PROBES];
	int nspecs;
} o = { .uid = -1, .string_size = 80, .pages = 64 };

enum { OPT_UID = 0x100 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Id of the process to trace", 0 },
	{ "tid", 'L', "TID", 0, "Id of the thread to trace", 0 },
	{ "uid", OPT_UID, "UID", 0, "Id of the user to trace", 0 },
	{ "buffer-pages", 'b', "PAGES", 0, "Pages per CPU for the perf buffer (default 64)", 0 },
	{ "string-size", 'Z', "SIZE", 0, "Maximum size to read from strings (default 80)", 0 },
	{ "include-self", 'S', NULL, 0, "Do not filter trace's own pid from the trace", 0 },
	{ "bin_cmp", 'B', NULL, 0, "STRCMP compares its bytes (\\x escapes, NULs too) as a prefix of the memory", 0 },
	{ "max-events", 'M', "N", 0, "Number of events to print before quitting", 0 },
	{ "timestamp", 't', NULL, 0, "Print timestamp column (offset from trace start)", 0 },
	{ "unix-timestamp", 'u', NULL, 0, "Print UNIX timestamp instead of offset from trace start, requires -t", 0 },
	{ "time", 'T', NULL, 0, "Print time column", 0 },
	{ "print_cpu", 'C', NULL, 0, "Print CPU id", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	{ "msg-filter", 'f', "TEXT", 0, "Only print the msg of event containing this string", 0 },
	{ "sym_file_list", 's', "FILES", 0,
	  "Comma-separated binaries and libraries: -U frames are taken by build-id and resolved in them, "
	  "even after the process is gone", 0 },
	{ "cgroup-path", 'c', "CGROUP_PATH", 0, "Only trace tasks in this cgroup (v2) or below it", 0 },
	{ "kernel-stack", 'K', NULL, 0, "Output kernel stack trace", 0 },
	{ "user-stack", 'U', NULL, 0, "Output user stack trace", 0 },
	{ "address", 'a', NULL, 0, "Print virtual address in stacks", 0 },
	{ "aggregate", 'A', NULL, 0, "Aggregate amount of each trace: print each distinct one once, with its count, at the end", 0 },
	{ "json", 'j', NULL, 0, "One JSON object per event (time, ids, comm, func, msg, stacks)", 0 },
	{ "include", 'I', "HEADER", 0, "Not needed: struct types come from BTF and DWARF (refused with the reason)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	unsigned long v;
	switch (key) {
	case 'p': return -args_pid(arg, "PID", &o.tgid);
	case 'L': return -args_pid(arg, "TID", &o.tid);
	case OPT_UID:
		o.has_uid = true;
		if (args_ulong(arg, "UID", 0, 0xfffffffe, &v))
			return EINVAL;
		o.uid = v;
		return 0;
	case 'b': o.pages_given = true; return -args_ulong(arg, "buffer pages", 1, 1 << 16, &o.pages);
	case 'Z': return -args_ulong(arg, "string size", 1, 1024, &o.string_size);
	case 'S': o.include_self = true; return 0;
	case 'B': o.bin_cmp = true; return 0;
	case 'M': return -args_ulong(arg, "max events", 1, ~0UL >> 1, &o.max_events);
	case 't': o.timestamp = true; return 0;
	case 'u': o.unix_time = true; return 0;
	case 'c': o.cgroup = arg; return 0;
	case 'K': o.kernel_stack = true; return 0;
	case 'U': o.user_stack = true; return 0;
	case 'a': o.addresses = true; return 0;
	case 'A': o.aggregate = true; return 0;
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'I':
		log_err("-I %s: bpfkit needs no headers: struct types come from the kernel's BTF and the program's "
			"DWARF", arg);
		return EINVAL;
	case 'T': o.time = true; return 0;
	case 'C': o.cpu = true; return 0;
	case 'n': o.name = arg; return 0;
	case 'f': o.msg_filter = arg; return 0;
	case 's': o.sym_files = arg; return 0;
	case ARGP_KEY_ARG:
		if (o.nspecs == MAX_PROBES) {
			log_err("at most %d probes", MAX_PROBES);
			return EINVAL;
		}
		o.specs[o.nspecs++] = arg;
		return 0;
	case ARGP_KEY_END:
		return args_refuse(!o.nspecs, "a probe is needed, e.g. 't:syscalls:sys_enter_openat \"%%s\", args->filename'") ?:
		       args_refuse(o.tgid && o.tid, "only one of -p and -L may be given") ?:
		       args_refuse(output_mode == OUTPUT_JSON && o.aggregate, "-A counts the text of events: it does not go with -j") ?:
		       args_refuse(o.unix_time && !o.timestamp, "-u prints the -t column as UNIX time: add -t") ?:
		       args_refuse(o.sym_files && !o.user_stack, "-s resolves the frames of user stacks: add -U");
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_FLIGHT, { 0 } };
static const struct argp argp = {
	options, parse, "PROBE...",
	"Attach to functions and tracepoints and print trace messages.\v"
	"PROBE: [{p,r}]:[lib]:func[(signature)] [(predicate)] [\"format\", args...]\n"
	"       t:category:event [(predicate)] [\"format\", args...]\n"
	"       u:lib[:provider]:probe [(predicate)] [\"format\", args...]\n"
	"Values: arg1..arg6, retval, $pid $tgid $uid $gid $cpu $task, args->FIELD on\n"
	"tracepoints, signature parameters, struct members (a->b.c, from the kernel's\n"
	"BTF or the program's DWARF); C operators, casts, STRCMP(\"text\", expr).\n"
	"Examples:\n"
	"  trace do_sys_open\n"
	"  trace 'r::do_sys_open \"%llx\", retval'\n"
	"  trace 'c:malloc \"size = %d\", arg1'\n"
	"  trace 'r:c:malloc (retval) \"allocated = %x\", retval'\n"
	"  trace 't:syscalls:sys_enter_openat \"%s\", args->filename'\n"
	"  trace 'sys_read (arg3 > 20000) \"read %d bytes\", arg3'\n"
	"  trace 'do_nanosleep(struct hrtimer_sleeper *t) \"task: %x\", t->task'\n"
	"  trace 'u:pthread:pthread_create (arg4 != 0)'",
	children,
};

static struct dynprobe probes[MAX_PROBES];
static int nprobes;
static unsigned long printed, received;
static uint64_t lost; /* reported so far */
/* The start: BCC's -t offsets count from it, not from the first event. */
static uint64_t first_ts;
static double start_real;

static struct symbolizer *syms;

/* Made on first use: most traces print no symbols. */
static struct symbolizer *symbolizer(void)
{
	if (!syms) {
		struct symbolizer_opts so = { .demangle = true };
		syms = symbolizer_new(&so);
	}
	return syms;
}

/* BCC's symbol text: "func+0x1a", and " [module]" for user addresses and
 * stack frames ("[kernel]" for the kernel's own). */
static const char *frame_name(const struct sym_frame *f, bool kernel, bool module, char *buf, size_t len)
{
	const char *mod = kernel ? (f->module ? f->module : "kernel") : f->module;
	const char *base = mod && strrchr(mod, '/') ? strrchr(mod, '/') + 1 : mod;
	int n = f->name ? snprintf(buf, len, "%s+0x%llx", f->name, (unsigned long long)f->offset)
			: snprintf(buf, len, "[unknown]");
	if (module && base && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - (size_t)n, " [%s]", base);
	return buf;
}

static const char *symbol(bool kernel, int tgid, uint64_t addr, bool module, char *buf, size_t len)
{
	symbolizer();
	struct sym_frame f = { 0 };
	if (!syms || (kernel ? sym_kernel(syms, addr, &f, 1) : sym_user(syms, tgid, addr, &f, 1)) < 1)
		f.name = NULL;
	return frame_name(&f, kernel, module, buf, len);
}

/* The message: the format with each conversion filled from the event. */
static void message(const struct dynprobe *pr, const uint8_t *ev, int tgid, char *buf, size_t len)
{
	const char *f = pr->spec.format ? pr->spec.format : "";
	size_t off = 0;
	int k = 0;
	for (const char *c = f; *c && off + 1 < len; c++) {
		/* The escapes a C format string would have. */
		if (*c == '\\' && c[1] && strchr("nt\"\\", c[1])) {
			buf[off++] = c[1] == 'n' ? '\n' : c[1] == 't' ? '\t' : c[1];
			c++;
			continue;
		}
		if (*c != '%') {
			buf[off++] = *c;
			continue;
		}
		if (c[1] == '%') {
			buf[off++] = '%';
			c++;
			continue;
		}
		const struct tg_slot *s = &pr->prog.slots[k++];
		const uint8_t *p = ev + s->offset;
		uint64_t v;
		memcpy(&v, p, sizeof(v));
		const char *cv = s->conv;
		int w;
		if (s->string)
			w = snprintf(buf + off, len - off, "%.*s", (int)o.string_size, (const char *)p);
		else if (!strcmp(cv, "K") || !strcmp(cv, "U")) {
			char sym[512];
			w = snprintf(buf + off, len - off, "%s", symbol(cv[0] == 'K', tgid, v, cv[0] == 'U', sym, sizeof(sym)));
		}
		else if (!strcmp(cv, "d"))
			w = snprintf(buf + off, len - off, "%d", (int)v);
		else if (!strcmp(cv, "u"))
			w = snprintf(buf + off, len - off, "%u", (unsigned)v);
		else if (!strcmp(cv, "x"))
			w = snprintf(buf + off, len - off, "%x", (unsigned)v);
		else if (!strcmp(cv, "hd"))
			w = snprintf(buf + off, len - off, "%hd", (short)v);
		else if (!strcmp(cv, "hu"))
			w = snprintf(buf + off, len - off, "%hu", (unsigned short)v);
		else if (!strcmp(cv, "c"))
			w = snprintf(buf + off, len - off, "%c", (char)v);
		else if (!strcmp(cv, "p"))
			w = snprintf(buf + off, len - off, "0x%llx", (unsigned long long)v);
		else if (!strcmp(cv, "ld") || !strcmp(cv, "lld"))
			w = snprintf(buf + off, len - off, "%lld", (long long)v);
		else if (!strcmp(cv, "lu") || !strcmp(cv, "llu"))
			w = snprintf(buf + off, len - off, "%llu", (unsigned long long)v);
		else
			w = snprintf(buf + off, len - off, "%llx", (unsigned long long)v);
		off += w > 0 ? (size_t)w : 0;
		if (off >= len)
			off = len - 1;
		c += strlen(cv);
	}
	buf[off < len ? off : len - 1] = 0;
}

/* A stack the event carries, innermost first.  At a uprobe on a function's
 * first instruction the caller is not yet in the frame-pointer chain: the
 * event's caller field goes in as frame 1 (splice), as stackcount does. */
struct ev_stack {
	const struct tg_header *h;
	const void *frames; /* uint64_t, or struct bpf_stack_build_id with -s */
	bool kernel, ids;
	int n;		    /* the frames the kernel gave */
	int splice;	    /* where the caller goes in, or -1 */
};

static int event_stack(const struct tg_header *h, const struct dynprobe *pr, bool kernel, struct ev_stack *st)
{
	int64_t bytes = kernel ? h->kernel_stack : h->user_stack;
	*st = (struct ev_stack){ .h = h, .kernel = kernel, .ids = !kernel && o.sym_files, .splice = -1,
				 .frames = (const char *)h + (kernel ? pr->prog.kstack_off : pr->prog.ustack_off) };
	if (st->ids) {
		const struct bpf_stack_build_id *ids = st->frames;
		st->n = bytes > 0 ? (int)(bytes / sizeof(*ids)) : 0;
		while (st->n > 0 && ids[st->n - 1].status == BPF_STACK_BUILD_ID_EMPTY)
			st->n--;
	} else {
		const uint64_t *ips = st->frames;
		st->n = bytes > 0 ? (int)(bytes / 8) : 0;
		while (st->n > 0 && !ips[st->n - 1])
			st->n--;
	}
	if (!kernel && h->caller && st->n >= 1) {
		const struct bpf_stack_build_id *ids = st->frames;
		const uint64_t *ips = st->frames;
		bool known = st->n >= 2 && (st->ids ? ids[1].status == BPF_STACK_BUILD_ID_IP && ids[1].ip == h->caller
						     : ips[1] == h->caller);
		if (!known)
			st->splice = 1;
	}
	return st->n + (st->splice >= 0);
}

/* Frame i of such a stack: BCC's text for it, and its address (a file
 * offset when the kernel gave the frame by build-id). */
static uint64_t frame_text(const struct ev_stack *st, int i, char *buf, size_t len)
{
	int tgid = st->kernel ? -1 : (int)st->h->tgid;
	if (i == st->splice) {
		symbol(false, tgid, st->h->caller, true, buf, len);
		return st->h->caller;
	}
	if (st->splice >= 0 && i > st->splice)
		i--;
	if (!st->ids) {
		uint64_t ip = ((const uint64_t *)st->frames)[i];
		symbol(st->kernel, tgid, ip, true, buf, len);
		return ip;
	}
	const struct bpf_stack_build_id *f = &((const struct bpf_stack_build_id *)st->frames)[i];
	if (f->status != BPF_STACK_BUILD_ID_VALID) { /* the kernel could only give the address */
		symbol(false, tgid, f->ip, true, buf, len);
		return f->ip;
	}
	struct sym_frame sf = { 0 };
	sym_build_id(symbolizer(), f->build_id, sizeof(f->build_id), f->offset, &sf, 1);
	if (sf.name) {
		frame_name(&sf, false, true, buf, len);
	} else {
		/* Which file -s was missing. */
		int n = snprintf(buf, len, "[unknown] [build-id ");
		for (size_t k = 0; k < sizeof(f->build_id) && n > 0 && (size_t)n + 3 < len; k++)
			n += snprintf(buf + n, len - (size_t)n, "%02x", f->build_id[k]);
		if (n > 0 && (size_t)n < len)
			snprintf(buf + n, len - (size_t)n, "+0x%llx]", (unsigned long long)f->offset);
	}
	return f->offset;
}

/* A stack's frames, one per line and indented, as BCC's trace does; an
 * errno when the kernel could not take it. */
static size_t stack_text(const struct tg_header *h, const struct dynprobe *pr, bool kernel, char *buf, size_t len,
			 size_t off)
{
	int64_t bytes = kernel ? h->kernel_stack : h->user_stack;
	if (bytes < 0)
		return off + (size_t)snprintf(buf + off, off < len ? len - off : 0, "        %lld\n", (long long)bytes);
	struct ev_stack st;
	int n = event_stack(h, pr, kernel, &st);
	for (int i = 0; i < n && off < len; i++) {
		char sym[512];
		uint64_t addr = frame_text(&st, i, sym, sizeof(sym));
		if (o.addresses)
			off += (size_t)snprintf(buf + off, len - off, "        %16llx %s\n", (unsigned long long)addr, sym);
		else
			off += (size_t)snprintf(buf + off, len - off, "        %s\n", sym);
	}
	return off;
}

/* A stack as a JSON array of frames. */
static void stack_json(struct json *j, const struct tg_header *h, const struct dynprobe *pr, bool kernel)
{
	json_array(j, kernel ? "kernel_stack" : "user_stack");
	struct ev_stack st;
	int n = event_stack(h, pr, kernel, &st);
	for (int i = 0; i < n; i++) {
		char sym[512];
		frame_text(&st, i, sym, sizeof(sym));
		json_str(j, NULL, sym);
	}
	json_close(j);
}

/* -j: one object per event. */
static void event_json(const struct tg_header *h, const struct dynprobe *pr, const char *comm, const char *msg)
{
	double sec = ((double)h->ts - (double)first_ts) / 1e9 + (o.unix_time ? start_real : 0);
	struct json j;
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_double(&j, "ts", "%.6f", sec);
	json_u64(&j, "pid", h->tgid);
	json_u64(&j, "tid", h->tid);
	json_u64(&j, "cpu", h->cpu);
	json_str(&j, "comm", comm);
	json_str(&j, "func", pr->display);
	json_str(&j, "msg", msg);
	if (o.kernel_stack)
		stack_json(&j, h, pr, true);
	if (o.user_stack)
		stack_json(&j, h, pr, false);
	json_line_end(&j);
	fflush(stdout);
}

/* -A: each distinct event text, counted. */
struct agg {
	char *text;
	unsigned long count;
	struct agg *next;
};
static struct agg *aggs[1024];
static size_t naggs;

static void aggregate(const char *text)
{
	uint32_t h = 2166136261u;
	for (const char *c = text; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	struct agg **slot = &aggs[h % 1024];
	for (struct agg *a = *slot; a; a = a->next)
		if (!strcmp(a->text, text)) {
			a->count++;
			return;
		}
	struct agg *a = malloc(sizeof(*a));
	if (!a || !(a->text = strdup(text))) {
		free(a);
		return;
	}
	a->count = 1;
	a->next = *slot;
	*slot = a;
	naggs++;
}

static int by_count_desc(const void *x, const void *y)
{
	const struct agg *a = *(struct agg *const *)x, *b = *(struct agg *const *)y;
	return a->count < b->count ? 1 : a->count > b->count ? -1 : strcmp(a->text, b->text);
}

static void print_aggregates(void)
{
	struct agg **v = malloc((naggs ? naggs : 1) * sizeof(*v));
	size_t n = 0;
	for (int i = 0; v && i < 1024; i++)
		for (struct agg *a = aggs[i]; a; a = a->next)
			v[n++] = a;
	if (v)
		qsort(v, n, sizeof(*v), by_count_desc);
	for (size_t i = 0; i < n; i++)
		printf("%s-->COUNT %lu\n\n", v[i]->text, v[i]->count);
	fflush(stdout);
	free(v);
	for (int i = 0; i < 1024; i++)
		while (aggs[i]) {
			struct agg *a = aggs[i];
			aggs[i] = a->next;
			free(a->text);
			free(a);
		}
}

static void on_sample(void *ctx, int cpu, void *sample, __u32 size)
{
	/* The perf buffer puts a sample 4 bytes past an 8-byte boundary (after
	 * its u32 size): the header's and the stacks' u64s are read from an
	 * aligned copy. */
	static uint64_t copy[TG_SCRATCH_SIZE / 8];
	if (size < TG_HEADER || (o.max_events && printed >= o.max_events))
		return;
	uint32_t id;
	memcpy(&id, sample, sizeof(id));
	if (id >= (uint32_t)nprobes)
		return;
	const struct dynprobe *pr = &probes[id];
	if ((int)size < pr->prog.event_size || pr->prog.event_size > (int)sizeof(copy))
		return;
	memcpy(copy, sample, (size_t)pr->prog.event_size);
	const void *data = copy;
	const struct tg_header *h = data;
	received++;
	char comm[17];
	memcpy(comm, h->comm, 16);
	comm[16] = 0;
	if (o.name && !strstr(comm, o.name))
		return;
	char msg[4096];
	message(pr, data, h->tgid, msg, sizeof(msg));
	if (o.msg_filter && !strstr(msg, o.msg_filter))
		return;
	if (output_mode == OUTPUT_JSON) {
		event_json(h, pr, comm, msg);
		if (o.max_events && ++printed >= o.max_events)
			loop_exiting = 1;
		return;
	}
	static char ev[65536];
	size_t off = 0;
	if (o.timestamp) {
		/* Seconds since the start, or (-u) as UNIX time. */
		char t[32];
		double sec = ((double)h->ts - (double)first_ts) / 1e9 + (o.unix_time ? start_real : 0);
		snprintf(t, sizeof(t), "%.6f", sec);
		off += (size_t)snprintf(ev + off, sizeof(ev) - off, o.unix_time ? "%-17.17s " : "%-8.8s ", t);
	} else if (o.time) {
		char hms[16];
		off += (size_t)snprintf(ev + off, sizeof(ev) - off, "%-8s ", output_hms(hms));
	}
	if (o.cpu)
		off += (size_t)snprintf(ev + off, sizeof(ev) - off, "%-3u ", h->cpu);
	off += (size_t)snprintf(ev + off, sizeof(ev) - off, "%-7u %-7u %-15s %-16s %s\n", h->tgid, h->tid, comm,
				pr->display, msg);
	if (o.kernel_stack && off < sizeof(ev))
		off = stack_text(h, pr, true, ev, sizeof(ev), off);
	if (o.user_stack && off < sizeof(ev))
		off = stack_text(h, pr, false, ev, sizeof(ev), off);
	if (o.aggregate) {
		aggregate(ev);
	} else {
		fputs(ev, stdout);
		if (o.kernel_stack || o.user_stack)
			putchar('\n');
		fflush(stdout);
	}
	if (o.max_events && ++printed >= o.max_events)
		loop_exiting = 1;
}

/* Says how many more were lost since it last said so. */
static void report_lost(int drops, bool recording)
{
	uint64_t total = events_drops_sum(drops);
	if (total > lost && recording)
		log_warn("%llu events came while a dump paused the flight recorder and were not recorded",
			 (unsigned long long)(total - lost));
	else if (total > lost)
		log_warn("%llu events lost: the event buffer was full (raise it with -b, or filter more)",
			 (unsigned long long)(total - lost));
	lost = total;
}

static int trace_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	if (tracer_check_privilege())
		return 1;
	char err[512];
	int rc = 1, scratch = -1, events = -1, drops = -1, cgroup_map = -1;
	struct perf_buffer *pb = NULL;
	struct flight *fr = NULL;
	for (char *save, *file = o.sym_files ? strtok_r(o.sym_files, ",", &save) : NULL; file;
	     file = strtok_r(NULL, ",", &save)) {
		int e = symbolizer() ? sym_add_build_id_file(syms, file) : -ENOMEM;
		if (e) {
			log_err("-s %s: %s", file, e == -ENODATA ? "no build-id note: the kernel names frames by build-id"
						 : e == -E2BIG ? "too many files (16 at most)"
							       : "not a readable ELF file");
			return 2;
		}
	}
	for (int i = 0; i < o.nspecs; i++) {
		struct dynprobe *pr = &probes[nprobes];
		if (tracespec_parse_trace(o.specs[i], &pr->spec, err, sizeof(err))) {
			log_err("%s", err);
			goto out;
		}
		nprobes++;
		if (dynprobe_prepare(pr, err, sizeof(err))) {
			log_err("%s", err);
			goto out;
		}
	}
	int ncpu = libbpf_num_possible_cpus();
	scratch = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "trace_scratch", 4, TG_SCRATCH_SIZE, 1, NULL);
	events = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "trace_events", 4, 4, ncpu > 0 ? ncpu : 1, NULL);
	drops = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "trace_drops", 4, 8, 1, NULL);
	if (scratch < 0 || events < 0 || drops < 0) {
		log_err("cannot create BPF maps: %s", strerror(errno));
		goto out;
	}
	if (o.cgroup) {
		int cg = open(o.cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		uint32_t zero = 0;
		cgroup_map = bpf_map_create(BPF_MAP_TYPE_CGROUP_ARRAY, "trace_cgroup", 4, 4, 1, NULL);
		if (cg < 0 || cgroup_map < 0 || bpf_map_update_elem(cgroup_map, &zero, &cg, BPF_ANY)) {
			log_err("-c %s: %s", o.cgroup, cg < 0 ? strerror(errno) : "not a cgroup v2 directory (mount -t cgroup2)");
			if (cg >= 0)
				close(cg);
			goto out;
		}
		close(cg);
	}
	struct tg_filters f = { .tgid = o.tgid, .tid = o.tid, .uid = o.uid, .type_pid = o.tgid,
				.kernel_stack = o.kernel_stack, .user_stack = o.user_stack, .cgroup_fd = cgroup_map,
				.user_build_id = o.sym_files != NULL, .bin_cmp = o.bin_cmp,
				.self = o.include_self ? 0 : (uint32_t)getpid() };
	for (int i = 0; i < nprobes; i++) {
		struct dynprobe *pr = &probes[i];
		for (int k = 0; k < dynprobe_nprograms(pr); k++) {
			f.usdt = dynprobe_site(pr, k);
			if (tg_compile(&pr->spec, i, &pr->tp, &f, (int)o.string_size, scratch, events, drops,
				       dynprobe_program(pr, k), err, sizeof(err))) {
				log_err("%s: %s", o.specs[i], err);
				goto out;
			}
		}
		if (dynprobe_load(pr))
			goto out;
	}
	if (tracer_print_ebpf) {
		rc = 0;
		goto out;
	}
	if (flight_events) {
		/* Sized by the largest record: each probe's has its own size. */
		size_t record = TG_HEADER;
		for (int i = 0; i < nprobes; i++)
			if ((size_t)probes[i].prog.event_size > record)
				record = (size_t)probes[i].prog.event_size;
		if (flight_open(events, record, o.pages_given ? o.pages : 0, &fr))
			goto out;
	} else {
		/* No lost callback: the programs count what the buffer drops
		 * (see report_lost); the buffer's own records would count
		 * those twice. */
		pb = perf_buffer__new(events, o.pages, on_sample, NULL, NULL, NULL);
		if (!pb) {
			log_err("cannot open the perf buffer: %s", strerror(errno));
			goto out;
		}
	}
	/* The start, as BCC's, before the first probe is attached: its events
	 * come while the others attach, and -t must not show them negative. */
	first_ts = clock_mono_ns();
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	start_real = (double)now.tv_sec + now.tv_nsec / 1e9;
	for (int i = 0; i < nprobes; i++)
		if (dynprobe_attach(&probes[i], o.tgid))
			goto out;
	/* A traced process may be gone before its %U addresses or user
	 * stacks are printed: read its mappings while it runs. */
	bool user_syms = o.user_stack;
	for (int i = 0; i < nprobes; i++)
		for (int k = 0; k < probes[i].prog.nslots; k++)
			user_syms |= !strcmp(probes[i].prog.slots[k].conv, "U");
	if (o.tgid && user_syms && symbolizer())
		sym_preload(syms, o.tgid);
	if (output_mode == OUTPUT_JSON) {
		/* BCC's trace has a column header instead: only JSON says it. */
		record_status("Tracing %d probe%s... Hit Ctrl-C to end.", nprobes, nprobes == 1 ? "" : "s");
	} else {
		if (o.timestamp || o.time)
			printf(o.timestamp && o.unix_time ? "%-17s " : "%-8s ", "TIME");
		if (o.cpu)
			printf("%-3s ", "CPU");
		bool trivial = true;
		for (int i = 0; i < nprobes; i++)
			trivial &= !probes[i].spec.format && !probes[i].spec.predicate;
		printf("%-7s %-7s %-15s %-16s %s\n", "PID", "TID", "COMM", "FUNC", trivial ? "" : "-");
		fflush(stdout);
	}
	if (fr)
		flight_status(fr);
	loop_install_signals();
	/* Losses are read every second, not at each wake-up: that would be a
	 * map read per batch of events. */
	uint64_t next_report = clock_mono_ns() + 1000000000ull;
	while (!loop_exiting) {
		int n = fr ? flight_poll(fr, 200, on_sample, NULL) : perf_buffer__poll(pb, 200);
		if (n < 0 && fr)
			goto out; /* the dump said why */
		if (n < 0 && n != -EINTR) {
			log_err("reading events: %s", strerror(-n));
			goto out;
		}
		/* The recorder's losses, a dump's pause, are said at the end. */
		if (!fr && clock_mono_ns() >= next_report) {
			report_lost(drops, false);
			next_report = clock_mono_ns() + 1000000000ull;
		}
	}
	if (fr && loop_exiting != LOOP_OUTPUT_GONE)
		flight_dump(fr, on_sample, NULL);
	else if (pb)
		perf_buffer__consume(pb);
	report_lost(drops, fr != NULL);
	if (o.aggregate)
		print_aggregates();
	/* What came out of the kernel: predicates run there, so events that
	 * do not match are never counted here. */
	log_debug("%lu events received from the kernel, %llu lost", received, (unsigned long long)lost);
	rc = 0;
out:
	perf_buffer__free(pb);
	flight_close(fr);
	symbolizer_free(syms);
	for (int i = 0; i < nprobes; i++)
		dynprobe_close(&probes[i]);
	if (scratch >= 0)
		close(scratch);
	if (events >= 0)
		close(events);
	if (drops >= 0)
		close(drops);
	if (cgroup_map >= 0)
		close(cgroup_map);
	return rc;
}

BPFKIT_TOOL(trace, .name = "trace", .category = "debugging",
	    .summary = "Trace functions and tracepoints with custom messages", .main = trace_main);
