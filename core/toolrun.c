/* The runners of the declared tools' shapes: parse, open the skeleton,
 * configure, write the common options into rodata, load and attach, run
 * the shape, end, detach.  Every declared tool lives this one life, so
 * exit statuses, cleanup and the order of things are the same in all. */
#include "core/events.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/tool.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>

/* -p, -t, -x and -s in the rodata variables every probes/NAME.bpf.c names
 * alike. */
static int write_conventions(struct tracer *t, unsigned takes)
{
	static const struct {
		unsigned flag;
		const char *var, *option;
		const void *value;
		size_t size;
	} conv[] = {
		{ TOOL_PID, "targ_tgid", "-p", &tool_args.pid, sizeof(tool_args.pid) },
		{ TOOL_TID, "targ_tid", "-t", &tool_args.tid, sizeof(tool_args.tid) },
		{ TOOL_FAILED, "failed_only", "-x", &tool_args.failed, sizeof(tool_args.failed) },
		{ TOOL_SIGNALS, "signals", "-s", tool_args.signals, sizeof(tool_args.signals) },
	};
	for (size_t i = 0; i < sizeof(conv) / sizeof(conv[0]); i++) {
		if (!(takes & conv[i].flag))
			continue;
		int err = tracer_set_rodata(t, conv[i].var, conv[i].value, conv[i].size);
		if (err) {
			log_err("internal error: %s needs a variable %s in the BPF object: %s", conv[i].option,
				conv[i].var, strerror(-err));
			return err;
		}
	}
	return 0;
}

/* The bound options that name a rodata variable, in it. */
static int write_bound(struct tracer *t, const struct tool *tool)
{
	for (const struct tool_option *b = tool->bound; b && (b->argp.name || b->argp.key); b++) {
		if (!b->rodata || (b->given && !*b->given))
			continue;
		uint64_t v;
		switch (b->kind) {
		case TOPT_FLAG: v = *(bool *)b->target; break;
		case TOPT_SET: v = (unsigned)*(int *)b->target; break;
		case TOPT_PID: v = (unsigned)*(pid_t *)b->target; break;
		case TOPT_UID: v = *(unsigned *)b->target; break;
		case TOPT_ULONG: v = *(unsigned long *)b->target; break;
		default:
			log_err("internal error: %s's option -%c cannot go into rodata", tool->name, b->argp.key);
			return -EINVAL;
		}
		int err = tracer_set_rodata_uint(t, b->rodata, v);
		if (err) {
			log_err("internal error: %s's option -%c needs an integer %s in the BPF object: %s", tool->name,
				b->argp.key, b->rodata, strerror(-err));
			return err;
		}
	}
	return 0;
}

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct tool *tool = ctx;
	return size < tool->event_size ? 0 : tool->event(data, size);
}

struct interval_ctx {
	const struct tool *tool;
	struct tracer *t;
};

static int on_interval(void *ctx, bool last)
{
	struct interval_ctx *c = ctx;
	return c->tool->interval(c->t, last);
}

/* The whole life of an event tool once its programs are attached: open the
 * stream, print the header (so "header printed" means "tracing"), deliver
 * events until a signal or the duration, report losses, close. */
static int run_events(const struct tool *tool, struct tracer *t)
{
	struct event_stream *es;
	int err = events_open(t, on_event, (void *)tool, &es);
	if (err)
		return err;
	tool->header();
	fflush(stdout);
	struct loop l = { .duration_ms = tool_args.duration_ms, .events = es };
	err = loop_run(&l);
	events_close(es);
	return err;
}

static int run_shape(const struct tool *tool, struct tracer *t)
{
	switch (tool->shape) {
	case TOOL_EVENTS:
		return run_events(tool, t);
	case TOOL_INTERVAL: {
		if (tool->header)
			tool->header();
		struct interval_ctx c = { tool, t };
		struct loop l = { .interval_ms = tool->interval_ms, .duration_ms = tool_args.duration_ms,
				  .summary = on_interval, .ctx = &c };
		return loop_run(&l);
	}
	case TOOL_MAIN:
		break;
	}
	log_err("internal error: %s declares no shape", tool->name);
	return -EINVAL;
}

int tool_run(const struct tool *tool, int argc, char **argv)
{
	if (tool_parse_args(tool, argc, argv))
		return 2;
	struct tracer t = { .specs = tool->probes, .nspecs = tool->nprobes };
	if (tool->open(&t))
		return 1;
	int err = tool->configure ? tool->configure(&t) : 0;
	/* After configure, which may still set them (opensnoop --exec: the
	 * command's PID). */
	err = err ?: write_conventions(&t, tool->takes);
	err = err ?: write_bound(&t, tool);
	/* 1: --ebpf printed the programs, nothing to run. */
	err = err ?: tracer_start(&t);
	err = err ?: tool->started ? tool->started(&t) : 0;
	err = err ?: run_shape(tool, &t);
	int end = tool->end ? tool->end(&t) : 0;
	err = err ?: end;
	tracer_destroy(&t);
	return err < 0 ? 1 : 0;
}
