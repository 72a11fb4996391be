/* A declared tool's command line: one argp made from its declaration, with
 * its own options, the common ones it takes (merged with them, so -h lists
 * them in one sorted table as BCC's tools do), and --verbose/--ebpf. */
#include "core/log.h"
#include "core/tool.h"

#include <stdio.h>
#include <stdlib.h>

struct tool_args tool_args;

static const struct tool *parsing;

static error_t parse_common(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p': return -args_pid(arg, "PID", &tool_args.pid);
	case 't': return -args_pid(arg, "TID", &tool_args.tid);
	case 'x': tool_args.failed = true; return 0;
	case 's': {
		int n = args_signal_list(arg, tool_args.signals, TOOL_MAX_SIGNALS);
		return n < 0 ? -n : 0;
	}
	case 'd': return -args_seconds(arg, "duration", &tool_args.duration_ms);
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'i': return -args_seconds(arg, "interval", &tool_args.interval_ms);
	case 'T': tool_args.timestamp = true; return 0;
	case 'm': tool_args.millis = true; return 0;
	case 'P': tool_args.key_by = TOOL_BY_PID; return 0;
	case 'L': tool_args.key_by = TOOL_BY_TID; return 0;
	case 'c': {
		long cpu;
		int err = args_cpu(arg, &cpu);
		tool_args.cpu = cpu;
		return -err;
	}
	}
	return ARGP_ERR_UNKNOWN;
}

static struct args_interval positional;

static error_t parse_own(int key, char *arg, struct argp_state *state)
{
	error_t err = parsing->parse ? parsing->parse(key, arg, state) : ARGP_ERR_UNKNOWN;
	if (err != ARGP_ERR_UNKNOWN || key != ARGP_KEY_ARG)
		return err;
	if (parsing->takes & TOOL_INTERVAL_COUNT) {
		err = args_interval_count(&positional, arg);
		if (positional.seen == 1)
			tool_args.interval_ms = positional.interval_ms;
		tool_args.count = positional.count;
		return err;
	}
	log_err("unexpected argument '%s'", arg);
	return EINVAL;
}

int tool_parse_args(const struct tool *t, int argc, char **argv)
{
	static struct argp_option common[14];
	int n = 0;
	if (t->takes & TOOL_PID)
		common[n++] = (struct argp_option){ "pid", 'p', "PID", 0, t->help.pid ?: "Trace this PID only", 0 };
	if (t->takes & TOOL_TID)
		common[n++] = (struct argp_option){ "tid", 't', "TID", 0, t->help.tid ?: "Trace this TID only", 0 };
	if (t->takes & TOOL_FAILED)
		common[n++] = (struct argp_option){ "failed", 'x', NULL, 0, t->help.failed ?: "Only show failures", 0 };
	if (t->takes & TOOL_SIGNALS)
		common[n++] = (struct argp_option){ "signal", 's', "SIGNALS", 0,
						    t->help.signals ?: "Signals to trace (numbers or names: 9,TERM,SIGUSR1)", 0 };
	if (t->takes & TOOL_DURATION)
		common[n++] = (struct argp_option){ "duration", 'd', "SECONDS", 0,
						    t->help.duration ?: "Trace for this many seconds, then exit", 0 };
	if (t->takes & TOOL_JSON) {
		common[n] = (struct argp_option)RECORD_JSON_OPTION;
		if (t->help.json || t->hist.map)
			common[n].doc = t->help.json ?: "Print histograms as JSON, one object per line";
		n++;
	}
	if (t->takes & TOOL_INTERVAL_OPTION)
		common[n++] = (struct argp_option){ "interval", 'i', "INTERVAL", 0,
						    "Print summary at this interval (seconds)", 0 };
	if (t->takes & TOOL_TIMESTAMP)
		common[n++] = (struct argp_option){ "timestamp", 'T', NULL, 0, "Include timestamp on output", 0 };
	if (t->takes & TOOL_CPU)
		common[n++] = (struct argp_option){ "cpu", 'c', "CPU", 0, t->help.cpu ?: "Trace this CPU only", 0 };
	if (t->takes & TOOL_MILLIS)
		common[n++] = (struct argp_option){ "milliseconds", 'm', NULL, 0, "Millisecond histogram", 0 };
	if (t->takes & TOOL_PER_PID)
		common[n++] = (struct argp_option){ "pids", 'P', NULL, 0, "Print a histogram per process ID", 0 };
	if (t->takes & TOOL_PER_TID)
		common[n++] = (struct argp_option){ "tids", 'L', NULL, 0, "Print a histogram per thread ID", 0 };
	static const struct argp common_argp = { common, parse_common };
	const struct argp own_argp = { t->options, parse_own };

	struct argp_child children[6] = { { &common_argp, 0, NULL, 0 } };
	n = 1;
	children[n++] = args_has_key(&own_argp, 'v') ? (struct argp_child)ARGS_CHILD_COMMON_LONG
						     : (struct argp_child)ARGS_CHILD_COMMON;
	if (t->takes & TOOL_BUFFER)
		children[n++] = (struct argp_child)ARGS_CHILD_BUFFER;
	if (t->takes & TOOL_SELF)
		children[n++] = (struct argp_child)ARGS_CHILD_SELF;
	if (t->takes & TOOL_CONTAINERS)
		children[n++] = (struct argp_child)ARGS_CHILD_CONTAINERS;

	/* The summary is the help's first line; examples follow the options. */
	char *doc = NULL;
	if (asprintf(&doc, "%s%s%s.%s%s", t->summary, t->summary_note ? " " : "", t->summary_note ?: "",
		     t->examples ? "\vExamples:\n" : "", t->examples ?: "") < 0)
		return -ENOMEM;
	const char *args_doc = t->args_doc;
	if (!args_doc && (t->takes & TOOL_INTERVAL_COUNT))
		args_doc = "[interval [count]]";
	const struct argp argp = { t->options, parse_own, args_doc, doc, children };
	parsing = t;
	tool_args.interval_ms = t->interval_ms;
	tool_args.cpu = -1;
	int err = args_parse(&argp, argc, argv, NULL);
	free(doc);
	return err;
}
