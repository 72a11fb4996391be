/* trace: print a line when a function or event fires, with values the spec
 * names, as BCC's trace; the specs are compiled to BPF in-process
 * (core/tracegen.c), no compiler needed. */
#include "core/args.h"
#include "core/dynprobe.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/tracegen.h"
#include "core/symbols.h"
#include "core/tracer.h"
#include "core/tracespec.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PROBES 16

static struct opts {
	pid_t tgid, tid;
	long uid;
	bool has_uid, include_self, timestamp, time, cpu;
	unsigned long string_size, max_events, pages;
	const char *name, *msg_filter;
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
	{ "max-events", 'M', "N", 0, "Number of events to print before quitting", 0 },
	{ "timestamp", 't', NULL, 0, "Print timestamp column (offset from trace start)", 0 },
	{ "time", 'T', NULL, 0, "Print time column", 0 },
	{ "print_cpu", 'C', NULL, 0, "Print CPU id", 0 },
	{ "name", 'n', "NAME", 0, "Only print process names containing this name", 0 },
	{ "msg-filter", 'f', "TEXT", 0, "Only print the msg of event containing this string", 0 },
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
	case 'b': return -args_ulong(arg, "buffer pages", 1, 1 << 16, &o.pages);
	case 'Z': return -args_ulong(arg, "string size", 1, 1024, &o.string_size);
	case 'S': o.include_self = true; return 0;
	case 'M': return -args_ulong(arg, "max events", 1, ~0UL >> 1, &o.max_events);
	case 't': o.timestamp = true; return 0;
	case 'T': o.time = true; return 0;
	case 'C': o.cpu = true; return 0;
	case 'n': o.name = arg; return 0;
	case 'f': o.msg_filter = arg; return 0;
	case ARGP_KEY_ARG:
		if (o.nspecs == MAX_PROBES) {
			log_err("at most %d probes", MAX_PROBES);
			return EINVAL;
		}
		o.specs[o.nspecs++] = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o.nspecs) {
			log_err("a probe is needed, e.g. 't:syscalls:sys_enter_openat \"%%s\", args->filename'");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, "PROBE...",
	"Attach to functions and tracepoints and print trace messages.\v"
	"PROBE: [{p,r}]:[lib]:func[(signature)] [(predicate)] [\"format\", args...]\n"
	"       t:category:event [(predicate)] [\"format\", args...]\n"
	"Values: arg1..arg6, retval, $pid $tgid $uid $gid $cpu $task, args->FIELD on\n"
	"tracepoints, signature parameters; C operators and casts.\n"
	"Examples:\n"
	"  trace do_sys_open\n"
	"  trace 'r::do_sys_open \"%llx\", retval'\n"
	"  trace 'c:malloc \"size = %d\", arg1'\n"
	"  trace 'r:c:malloc (retval) \"allocated = %x\", retval'\n"
	"  trace 't:syscalls:sys_enter_openat \"%s\", args->filename'\n"
	"  trace 'sys_read (arg3 > 20000) \"read %d bytes\", arg3'",
	children,
};

static struct dynprobe probes[MAX_PROBES];
static int nprobes;
static unsigned long printed;
static uint64_t first_ts;

static struct symbols *syms;

/* %K and %U: the function an address is in, as BCC prints them. */
static const char *symbol(bool kernel, int tgid, uint64_t addr)
{
	if (!syms) {
		struct symbols_opts so = { 0 };
		syms = symbols_open(&so);
	}
	const char *frame = NULL;
	if (syms && (kernel ? symbols_kernel(syms, addr, &frame, 1) : symbols_user(syms, tgid, addr, &frame, 1)) > 0)
		return frame;
	return "[unknown]";
}

/* The message: the format with each conversion filled from the event. */
static void message(const struct dynprobe *pr, const uint8_t *ev, int tgid, char *buf, size_t len)
{
	const char *f = pr->spec.format ? pr->spec.format : "";
	size_t off = 0;
	int k = 0;
	for (const char *c = f; *c && off + 1 < len; c++) {
		if (*c == '\\' && c[1] == 'n') {
			buf[off++] = '\n';
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
		else if (!strcmp(cv, "K") || !strcmp(cv, "U"))
			w = snprintf(buf + off, len - off, "%s", symbol(cv[0] == 'K', tgid, v));
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

static void on_sample(void *ctx, int cpu, void *data, __u32 size)
{
	if (size < TG_HEADER || (o.max_events && printed >= o.max_events))
		return;
	const struct tg_header *h = data;
	if (h->probe >= (uint32_t)nprobes)
		return;
	const struct dynprobe *pr = &probes[h->probe];
	if ((int)size < pr->prog.event_size)
		return;
	char comm[17];
	memcpy(comm, h->comm, 16);
	comm[16] = 0;
	if (o.name && !strstr(comm, o.name))
		return;
	char msg[4096];
	message(pr, data, h->tgid, msg, sizeof(msg));
	if (o.msg_filter && !strstr(msg, o.msg_filter))
		return;
	if (!first_ts)
		first_ts = h->ts;
	if (o.time) {
		char hms[16];
		printf("%-8s ", output_hms(hms));
	} else if (o.timestamp) {
		char t[32];
		snprintf(t, sizeof(t), "%.6f", (h->ts - first_ts) / 1e9);
		printf("%-8.8s ", t);
	}
	if (o.cpu)
		printf("%-3u ", h->cpu);
	printf("%-7u %-7u %-15s %-16s %s\n", h->tgid, h->tid, comm, pr->display, msg);
	fflush(stdout);
	if (o.max_events && ++printed >= o.max_events)
		loop_exiting = 1;
}

static void on_lost(void *ctx, int cpu, __u64 n)
{
	log_err("%llu events lost on CPU %d", (unsigned long long)n, cpu);
}

static int trace_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	char err[512];
	int rc = 1, scratch = -1, events = -1;
	struct perf_buffer *pb = NULL;
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
	scratch = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "trace_scratch", 4, TG_EVENT_MAX, 1, NULL);
	events = bpf_map_create(BPF_MAP_TYPE_PERF_EVENT_ARRAY, "trace_events", 4, 4, ncpu > 0 ? ncpu : 1, NULL);
	if (scratch < 0 || events < 0) {
		log_err("cannot create BPF maps: %s", strerror(errno));
		goto out;
	}
	struct tg_filters f = { .tgid = o.tgid, .tid = o.tid, .uid = o.uid, .type_pid = o.tgid,
				.self = o.include_self ? 0 : (uint32_t)getpid() };
	for (int i = 0; i < nprobes; i++) {
		struct dynprobe *pr = &probes[i];
		for (int k = 0; k < dynprobe_nprograms(pr); k++) {
			f.usdt = dynprobe_site(pr, k);
			if (tg_compile(&pr->spec, i, &pr->tp, &f, (int)o.string_size, scratch, events,
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
	pb = perf_buffer__new(events, o.pages, on_sample, on_lost, NULL, NULL);
	if (!pb) {
		log_err("cannot open the perf buffer: %s", strerror(errno));
		goto out;
	}
	for (int i = 0; i < nprobes; i++)
		if (dynprobe_attach(&probes[i], o.tgid))
			goto out;
	/* A traced process may be gone before its %U addresses are printed:
	 * read its mappings while it runs. */
	for (int i = 0; o.tgid && i < nprobes; i++)
		for (int k = 0; k < probes[i].prog.nslots; k++)
			if (!strcmp(probes[i].prog.slots[k].conv, "U") && !syms) {
				struct symbols_opts so = { 0 };
				syms = symbols_open(&so);
				if (syms)
					symbols_preload(syms, o.tgid);
			}
	if (o.timestamp || o.time)
		printf("%-8s ", "TIME");
	if (o.cpu)
		printf("%-3s ", "CPU");
	bool trivial = true;
	for (int i = 0; i < nprobes; i++)
		trivial &= !probes[i].spec.format && !probes[i].spec.predicate;
	printf("%-7s %-7s %-15s %-16s %s\n", "PID", "TID", "COMM", "FUNC", trivial ? "" : "-");
	fflush(stdout);
	loop_install_signals();
	while (!loop_exiting) {
		int n = perf_buffer__poll(pb, 200);
		if (n < 0 && n != -EINTR) {
			log_err("reading events: %s", strerror(-n));
			goto out;
		}
	}
	perf_buffer__consume(pb);
	rc = 0;
out:
	perf_buffer__free(pb);
	symbols_close(syms);
	for (int i = 0; i < nprobes; i++)
		dynprobe_close(&probes[i]);
	if (scratch >= 0)
		close(scratch);
	if (events >= 0)
		close(events);
	return rc;
}

BPFKIT_TOOL(trace, .name = "trace", .category = "debugging",
	    .summary = "Trace functions and tracepoints with custom messages", .main = trace_main);
