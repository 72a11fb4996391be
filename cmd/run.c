/* bpfkit run: your own BPF object, built with clang elsewhere, attached by
 * its section names, its maps printed by their BTF types at intervals or
 * at the end, its records as they come and its bpf_printk lines from
 * trace_pipe.  The conventions that say how a map prints are in
 * docs/run.md; docs/examples/run/writes.bpf.c is the worked example. */
#include "cmd/run.h"
#include "cmd/traceline.h"
#include "core/signals.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "histo/json.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { OPT_SET = 0x100, OPT_EVENT_TYPE };

#define MAX_SETS 16

static struct {
	const char *file;
	unsigned long interval_ms, duration_ms;
	bool json, no_printk;
	pid_t pid;
	const char *event_type;
	const char *sets[MAX_SETS];
	int nsets;
} o;

static const struct tool_option options[] = {
	OPT_SECONDS('i', "interval", "SECONDS", &o.interval_ms, "Print (and clear) the maps every SECONDS"),
	OPT_SECONDS('d', "duration", "SECONDS", &o.duration_ms, "Run for SECONDS, print the maps and exit"),
	OPT_FLAG('j', "json", &o.json, "One JSON object per line: histograms, table rows, records, printk lines"),
	OPT_FLAG('P', "no-printk", &o.no_printk,
		 "Leave trace_pipe alone (for bpfkit trace_pipe or another reader): no bpf_printk lines"),
	OPT_PID('p', "pid", "PID", "PID", &o.pid,
		"Set the object's const volatile targ_tgid to PID; printk lines of PID's threads only"),
	{ { 0 } },
};

static const struct argp_option more[] = {
	{ "set", OPT_SET, "VAR=VALUE", 0, "Set the object's const volatile integer VAR before load (repeatable)", 0 },
	{ "event-type", OPT_EVENT_TYPE, "[MAP=]TYPE", 0,
	  "The struct of ring and perf buffer records (of MAP only, with MAP=); default: what the global MAP_type "
	  "points to, else struct event",
	  0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_SET:
		if (!strchr(arg, '=') || arg[0] == '=') {
			log_err("--set %s: give VAR=VALUE", arg);
			return EINVAL;
		}
		if (o.nsets == MAX_SETS) {
			log_err("--set: at most %d of them", MAX_SETS);
			return EINVAL;
		}
		o.sets[o.nsets++] = arg;
		return 0;
	case OPT_EVENT_TYPE:
		o.event_type = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (o.file) {
			log_err("unexpected argument '%.64s': one object file only", arg);
			return EINVAL;
		}
		o.file = arg;
		return 0;
	case ARGP_KEY_END:
		if (!o.file) {
			log_err("give the BPF object to run: bpfkit run FILE.bpf.o");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int apply_sets(struct run *r)
{
	for (int i = 0; i < o.nsets; i++) {
		char var[128];
		const char *eq = strchr(o.sets[i], '=');
		snprintf(var, sizeof(var), "%.*s", (int)(eq - o.sets[i]), o.sets[i]);
		char *end;
		errno = 0;
		long long v = strtoll(eq + 1, &end, 0);
		if (errno || !eq[1] || *end) {
			errno = 0;
			v = (long long)strtoull(eq + 1, &end, 0);
			if (errno || !eq[1] || *end || eq[1] == '-') {
				log_err("--set %s: %s is not an integer", o.sets[i], eq + 1);
				return -EINVAL;
			}
		}
		/* A negative value is the two's complement of the variable's
		 * width: userobj_set checks the width on the unsigned value. */
		uint64_t u = (uint64_t)v;
		int err = userobj_set(&r->u, var, u);
		if (err == -ERANGE && v < 0 && v >= INT32_MIN)
			err = userobj_set(&r->u, var, (uint32_t)v);
		if (err)
			return err;
	}
	return 0;
}

/* ------------------------------------------------------------ printk */

static bool of_target(int tid)
{
	if (!o.pid || tid == o.pid)
		return true;
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/task/%d", o.pid, tid);
	return access(path, F_OK) == 0;
}

static void on_printk(void *ctx, const char *line, size_t len)
{
	struct traceline l;
	enum traceline_kind kind = traceline_parse(line, len, &l);
	if (kind == TRACELINE_LOST) {
		fprintf(stderr, "%.*s\n", (int)len, line);
		return;
	}
	if (kind != TRACELINE_EVENT || !of_target(l.pid))
		return;
	if (!o.json) {
		printf("%.*s\n", (int)len, line);
		return;
	}
	struct json j;
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_object(&j, "printk");
	json_strn(&j, "task", l.task, l.task_len);
	json_i64(&j, "pid", l.pid);
	json_i64(&j, "cpu", l.cpu);
	json_double(&j, "ts", "%.6f", l.ts);
	json_strn(&j, "msg", l.msg, l.msg_len);
	json_line_end(&j);
}

/* ------------------------------------------------------------ loop */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int follow(struct run *r, struct run_events *ev, struct tracepipe *tp)
{
	long long start = now_ms();
	long long end = o.duration_ms ? start + (long long)o.duration_ms : 0;
	long long next = o.interval_ms ? start + (long long)o.interval_ms : 0;
	while (!loop_exiting) {
		long long now = now_ms();
		if (end && now >= end)
			break;
		if (next && now >= next) {
			if (run_print_maps(r, true))
				return -EIO;
			next += o.interval_ms;
			continue;
		}
		long long wait = 1000;
		if (end && end - now < wait)
			wait = end - now;
		if (next && next - now < wait)
			wait = next - now;
		struct pollfd p[RUN_MAX_MAPS + 1];
		int fds[RUN_MAX_MAPS];
		int n = run_events_fds(ev, fds, RUN_MAX_MAPS);
		for (int i = 0; i < n; i++)
			p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
		if (tp->fd >= 0)
			p[n++] = (struct pollfd){ .fd = tp->fd, .events = POLLIN };
		int k = poll(p, n, (int)wait);
		if (k < 0 && errno != EINTR) {
			log_err("cannot wait for records: %s", strerror(errno));
			return -errno;
		}
		if (k <= 0)
			continue;
		if (run_events_consume(ev))
			return -EIO;
		/* An emptied trace_pipe polls readable while tracing is off: its
		 * read of 0 bytes is not waited on again until the next round. */
		if (tp->fd >= 0 && p[n - 1].revents && tracepipe_read(tp, on_printk, NULL) < 0)
			return -EIO;
		fflush(stdout);
	}
	/* What was queued before the stop. */
	run_events_consume(ev);
	for (int i = 0; tp->fd >= 0 && i < 64 && tracepipe_read(tp, on_printk, NULL) > 0; i++)
		;
	return 0;
}

static int run_main(int argc, char **argv)
{
	if (tool_parse_plain("run", argc, argv))
		return 2;
	output_mode = o.json ? OUTPUT_JSON : OUTPUT_TEXT;
	static struct run r;
	static struct tracepipe tp = { .fd = -1 };
	struct run_events *ev = NULL;
	int rc = 1;
	r.json = o.json;
	if (userobj_open(&r.u, o.file) || run_plan(&r, o.event_type))
		goto out;
	if (o.pid && userobj_set(&r.u, "targ_tgid", (uint32_t)o.pid))
		goto out;
	/* As bpfkit's own objects (probes/lib/common.bpf.h): a self_tgid
	 * lets the object leave out the writes of this very printing. */
	if (userobj_set_if(&r.u, "self_tgid", (uint32_t)getpid())) {
		log_err("%s: cannot set its self_tgid", o.file);
		goto out;
	}
	if (apply_sets(&r))
		goto out;
	/* Opened first: a tracefs that cannot be had stops the run before
	 * anything is loaded. */
	if (!o.no_printk && userobj_prints(&r.u) && tracepipe_open(&tp))
		goto out;
	loop_install_signals();
	if (userobj_load(&r.u) || userobj_attach(&r.u) || run_events_open(&r, &ev))
		goto out;
	if (loop_exiting) {
		rc = 0;
		goto out;
	}
	fprintf(o.json ? stderr : stdout, "Running %s: %d program%s attached. Hit Ctrl-C to end.\n", o.file,
		r.u.nlinks, r.u.nlinks == 1 ? "" : "s");
	fflush(stdout);
	if (follow(&r, ev, &tp) == 0 && run_print_maps(&r, false) == 0)
		rc = 0;
out:
	run_events_close(ev);
	tracepipe_close(&tp);
	userobj_close(&r.u);
	if (r.syms)
		symbols_close(r.syms);
	return rc;
}

BPFKIT_TOOL(run, .name = "run", .category = "bpfkit",
	    .summary = "Run your own BPF object and print its maps by their BTF types", .main = run_main,
	    .builtin = 1, .bound = options, .options = more, .parse = parse, .args_doc = "FILE.bpf.o",
	    .groups = TOOL_GROUPS_HELP_VERBOSE, .doc =
		"Load a CO-RE BPF object built with clang -g -O2 -target bpf -c, attach its programs by their "
		"section names (tracepoint/, tp/, raw_tp/, tp_btf/, uprobe/, uretprobe/, usdt/, kprobe/, fentry/, "
		"...), show its records and bpf_printk lines as they come and print its maps at the end: maps "
		"named ...hist as BCC's log2 histograms (...lhist linear), other hash and array maps as tables "
		"sorted by value, stack ids symbolized (docs/run.md).\v"
		"Examples:\n"
		"  bpfkit run writes.bpf.o               # until Ctrl-C, then the maps\n"
		"  bpfkit run -p 181 -i 1 writes.bpf.o   # PID 181's, maps every second\n"
		"  bpfkit run -j -d 5 writes.bpf.o       # five seconds, JSON lines\n"
		"  bpfkit run --set min_bytes=512 --event-type event x.bpf.o");
