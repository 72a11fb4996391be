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
	}
	return ARGP_ERR_UNKNOWN;
}

static error_t parse_own(int key, char *arg, struct argp_state *state)
{
	error_t err = parsing->parse ? parsing->parse(key, arg, state) : ARGP_ERR_UNKNOWN;
	if (err != ARGP_ERR_UNKNOWN || key != ARGP_KEY_ARG)
		return err;
	log_err("unexpected argument '%s'", arg);
	return EINVAL;
}

int tool_parse_args(const struct tool *t, int argc, char **argv)
{
	static struct argp_option common[7];
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
	if (t->takes & TOOL_JSON)
		common[n++] = (struct argp_option)RECORD_JSON_OPTION;
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
	const struct argp argp = { t->options, parse_own, t->args_doc, doc, children };
	parsing = t;
	int err = args_parse(&argp, argc, argv, NULL);
	free(doc);
	return err;
}
