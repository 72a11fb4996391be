/* A declared tool's command line: one argp made from its declaration, with
 * its own options, the common ones it takes (merged with them, so -h lists
 * them in one sorted table as BCC's tools do), and --verbose/--ebpf. */
#include "core/log.h"
#include "core/regexp.h"
#include "core/tool.h"

#include <regex.h>
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

/* The end of an option table, as argp sees it. */
static bool is_end(const struct argp_option *o)
{
	return !o->name && !o->key && !o->doc && !o->group;
}

/* A bound option's value into its variable: 0 or a positive errno for argp,
 * after saying what is wrong. */
static error_t parse_bound(const struct tool_option *b, char *arg)
{
	if (b->given)
		*b->given = true;
	switch (b->kind) {
	case TOPT_FLAG: *(bool *)b->target = true; return 0;
	case TOPT_SET: *(int *)b->target = b->value; return 0;
	case TOPT_PID: return -args_pid(arg, b->what ?: "PID", b->target);
	case TOPT_UID: return -args_uid(arg, b->target);
	case TOPT_ULONG: return -args_ulong(arg, b->what, b->min, b->max, b->target);
	case TOPT_STRING: *(const char **)b->target = arg; return 0;
	case TOPT_REGEX: {
		char err[256];
		if (!regexp_compile(b->target, arg, REG_NOSUB, err, sizeof(err)))
			return 0;
		log_err("-%c: %s", b->argp.key, err);
		return EINVAL;
	}
	}
	return EINVAL;
}

static error_t parse_own(int key, char *arg, struct argp_state *state)
{
	for (const struct tool_option *b = parsing->bound; b && !is_end(&b->argp); b++)
		if (b->argp.key == key)
			return parse_bound(b, arg);
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
	/* The tool's options: the bound ones, then the ones it parses. */
	size_t nb = 0, no = 0;
	while (t->bound && !is_end(&t->bound[nb].argp))
		nb++;
	while (t->options && !is_end(&t->options[no]))
		no++;
	struct argp_option *own = calloc(nb + no + 1, sizeof(*own));
	if (!own)
		return -ENOMEM;
	for (size_t i = 0; i < nb; i++)
		own[i] = t->bound[i].argp;
	for (size_t i = 0; i < no; i++)
		own[nb + i] = t->options[i];
	const struct argp own_argp = { own, parse_own };

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
		     t->examples ? "\vExamples:\n" : "", t->examples ?: "") < 0) {
		free(own);
		return -ENOMEM;
	}
	const struct argp argp = { own, parse_own, t->args_doc, doc, children };
	parsing = t;
	int err = args_parse(&argp, argc, argv, NULL);
	free(doc);
	free(own);
	return err;
}
