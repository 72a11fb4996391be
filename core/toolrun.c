/* The runners of the declared tools' shapes: parse, open the skeleton,
 * configure, write the common options into rodata, load and attach, run
 * the shape, end, detach.  Every declared tool lives this one life, so
 * exit statuses, cleanup and the order of things are the same in all. */
#include "core/events.h"
#include "core/flight.h"
#include "core/histmap.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/metrics/serve.h"
#include "core/metrics/sink.h"
#include "core/perf_sample.h"
#include "core/runcmd.h"
#include "core/tool.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>

const struct tool *tool_current;

/* -p, -t, -x, -s, -c, -m and -P/-L in the rodata variables every
 * probes/NAME.bpf.c names alike. */
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
		{ TOOL_CPU, "targ_cpu", "-c", &tool_args.cpu, sizeof(tool_args.cpu) },
		{ TOOL_MILLIS, "millis", "-m", &tool_args.millis, sizeof(tool_args.millis) },
		{ TOOL_PER_PID | TOOL_PER_TID, "key_by", "-P", &tool_args.key_by, sizeof(tool_args.key_by) },
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
		case TOPT_ULONG:
		case TOPT_SECONDS: v = *(unsigned long *)b->target; break;
		case TOPT_MASK: v = *(unsigned long long *)b->target; break;
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
	if (size < tool->event_size)
		return 0;
	if (tool->event)
		return tool->event(data, size);
	record_row(tool->columns, data, size);
	return 0;
}

struct interval_ctx {
	const struct tool *tool;
	struct tracer *t;
};

void tool_interval_head(FILE *out, char hms[16])
{
	output_hms(hms);
	if (!out)
		return;
	fprintf(out, "\n");
	if (tool_args.timestamp)
		fprintf(out, "%-8s\n", hms);
}

int tool_print_hists(struct tracer *t)
{
	const struct tool *tool = tool_current;
	struct histmap_print p = {
		.val_type = tool->hist.val_type			  ? tool->hist.val_type
			    : tool->hist.nanos && *tool->hist.nanos ? "nsecs"
			    : tool_args.millis			  ? "msecs"
								  : "usecs",
		.section = tool->hist.sections ? tool->hist.sections[tool_args.key_by] : NULL,
		.json = output_mode == OUTPUT_JSON,
		.label = tool->hist.label,
	};
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, tool->hist.map);
	if (!map) {
		log_err("internal error: %s has no map %s", tool->name, tool->hist.map);
		return -ENOENT;
	}
	char hms[16];
	tool_interval_head(p.json || metrics_sink_on ? NULL : stdout, hms);
	return histmap_print_and_clear(bpf_map__fd(map), &p, stdout);
}

static void on_tick(void *ctx)
{
	struct interval_ctx *c = ctx;
	c->tool->tick(c->t);
}

static int on_interval(void *ctx, bool last)
{
	struct interval_ctx *c = ctx;
	return c->tool->interval ? c->tool->interval(c->t, last) : tool_print_hists(c->t);
}

/* The interval shape's event stream, opened before .started attaches what
 * feeds it. */
static int open_events(const struct tool *tool, struct tracer *t, struct event_stream **es)
{
	return tool->shape == TOOL_INTERVAL && tool->event ? events_open(t, tool->event_size, on_event, (void *)tool, es) : 0;
}

/* The tool's status line, declared or printed by its .header. */
static void tool_status_header(const struct tool *tool)
{
	if (tool->status)
		record_status("%s", tool->status);
	if (tool->header)
		tool->header();
}

/* The whole life of an event tool once its programs are attached: open the
 * stream, print the header (so "header printed" means "tracing"), deliver
 * events until a signal or the duration, report losses, close. */
static int run_events(const struct tool *tool, struct tracer *t)
{
	struct event_stream *es;
	int err = events_open(t, tool->event_size, on_event, (void *)tool, &es);
	if (err)
		return err;
	tool_status_header(tool);
	if (tool->columns && !(tool->counting && *tool->counting))
		record_header(tool->columns);
	events_status(es);
	fflush(stdout);
	runcmd_go();
	struct loop l = { .duration_ms = tool_args.duration_ms, .events = es };
	err = loop_run(&l);
	events_close(es);
	return err;
}

static int run_shape(const struct tool *tool, struct tracer *t, struct event_stream *es)
{
	switch (tool->shape) {
	case TOOL_EVENTS:
		return run_events(tool, t);
	case TOOL_INTERVAL: {
		struct interval_ctx c = { tool, t };
		if (tool_metrics_given()) {
			/* The summary printer feeds the metrics from here on,
			 * its status line too (it says what it would print). */
			metrics_sink_on = true;
			tool_status_header(tool);
			runcmd_go();
			return tool_metrics_run(tool, t, es, on_interval, &c);
		}
		tool_status_header(tool);
		fflush(stdout);
		runcmd_go();
		struct loop l = { .interval_ms = tool_args.interval_ms, .count = tool_args.count,
				  .duration_ms = tool_args.duration_ms, .events = es, .summary = on_interval, .ctx = &c,
				  .tick = tool->tick ? on_tick : NULL, .tick_ms = tool->tick_ms };
		return loop_run(&l);
	}
	case TOOL_STACKS: /* the family's runner: the engine knows only its hook */
		if (tool->run)
			return tool->run(tool, t);
		break;
	case TOOL_MAIN:
		break;
	}
	log_err("internal error: %s declares no shape", tool->name);
	return -EINVAL;
}

static struct perf_sample samples[TOOL_MAX_SAMPLES];

static int attach_samples(const struct tool *tool, struct tracer *t)
{
	for (int i = 0; i < TOOL_MAX_SAMPLES && tool->samples[i].prog; i++) {
		const struct tool_sample *s = &tool->samples[i];
		struct bpf_program *prog = bpf_object__find_program_by_name(t->obj, s->prog);
		if (!prog) {
			log_err("internal error: %s has no program %s", tool->name, s->prog);
			return -ENOENT;
		}
		int err = perf_sample_attach_event(prog, s->type, s->config, s->freq ? *s->freq : 0,
						   s->period ? *s->period : 0, s->cpu ? *s->cpu : -1, s->what, &samples[i]);
		if (err)
			return err;
	}
	return 0;
}

static void detach_samples(void)
{
	for (int i = 0; i < TOOL_MAX_SAMPLES; i++)
		perf_sample_detach(&samples[i]);
}

int tool_run(const struct tool *tool, int argc, char **argv)
{
	tool_current = tool;
	if (tool_parse_args(tool, argc, argv))
		return 2;
	if (flight_events && tool->counting && *tool->counting) {
		log_err("--flight-recorder keeps events to print them: it does not go with counting them");
		return 2;
	}
	struct tracer t = { .specs = tool->probes, .nspecs = tool->nprobes };
	if (tool->open(&t)) {
		tool_pattern_free();
		return 1;
	}
	int err = tool_pattern_resolve(tool, &t);
	err = err ?: tool->family_configure ? tool->family_configure(tool, &t) : 0;
	err = err ?: tool->configure ? tool->configure(&t) : 0;
	err = err ?: runcmd_given() ? runcmd_start(&tool_args.pid) : 0;
	/* After configure and --exec, which may still set them (the
	 * command's PID). */
	err = err ?: write_conventions(&t, tool->takes);
	err = err ?: write_bound(&t, tool);
	/* Before anything is attached: a port in use leaves nothing behind. */
	err = err ?: tool_metrics_listen(tool);
	/* 1: --ebpf printed the programs, nothing to run. */
	err = err ?: tracer_start(&t);
	err = err ?: tool_pattern_attach(tool, &t);
	struct event_stream *es = NULL;
	err = err ?: open_events(tool, &t, &es);
	err = err ?: attach_samples(tool, &t);
	err = err ?: tool->started ? tool->started(&t) : 0;
	err = err ?: run_shape(tool, &t, es);
	err = err ?: tool->counting && *tool->counting && tool->table ? tool->table(&t) : 0;
	int end = tool->end ? tool->end(&t) : 0;
	int ran = runcmd_given() ? runcmd_finish() : 0;
	detach_samples();
	err = err ?: end ?: ran;
	tool_pattern_free();
	tool_metrics_close();
	events_close(es);
	tracer_destroy(&t);
	return err < 0 ? 1 : 0;
}
