/* A declared tool's command line: one argp made from its declaration, with
 * its own options, the common ones it takes (merged with them, so -h lists
 * them in one sorted table as BCC's tools do), and --verbose/--ebpf. */
#include "core/constants.h"
#include "core/log.h"
#include "core/metrics/serve.h"
#include "core/regexp.h"
#include "core/runcmd.h"
#include "core/tool.h"

#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tool_args tool_args;

static const struct tool *parsing;
static struct args_interval positional;

/* OPT_DURATION: --duration, long only where the tool has a -d of its own
 * (tcpconnect's BCC -d, --dns). */
enum { OPT_EXEC = 0x301, OPT_DURATION };

static error_t parse_common(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p': return -args_pid(arg, "PID", &tool_args.pid);
	case 't': tool_args.has_tid = true; return -args_pid(arg, "TID", &tool_args.tid);
	case 'x': tool_args.failed = true; return 0;
	case 's': {
		int n = args_signal_list(arg, tool_args.signals, TOOL_MAX_SIGNALS);
		return n < 0 ? -n : 0;
	}
	case 'd':
	case OPT_DURATION: return -args_seconds(arg, "duration", &tool_args.duration_ms);
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
	case 'r': tool_pattern.regex = true; return 0;
	case OPT_EXEC: return runcmd_take(state);
	case ARGP_KEY_END:
		if (runcmd_given() && (tool_args.pid || tool_args.tid)) {
			log_err("--exec traces the command it runs: not with -p or -t");
			return EINVAL;
		}
		if (tool_metrics_check(positional.seen || tool_args.interval_ms != parsing->interval_ms))
			return EINVAL;
		return tool_pattern_end(parsing);
	}
	return tool_metrics_parse(key, arg);
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
	case TOPT_SECONDS: return -args_seconds(arg, b->what, b->target);
	case TOPT_MASK: {
		int64_t v;
		if (!strncasecmp(arg, b->what, strlen(b->what)) && !constant_lookup(arg, true, &v)) {
			*(unsigned long long *)b->target |= (unsigned long long)v;
			return 0;
		}
		log_err("-%c: '%s' is not a known %s... constant", b->argp.key, arg, b->what);
		return EINVAL;
	}
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

/* The stack tools' options (TOOL_TARGETS ...).  -f becomes the output
 * mode once all is parsed, so that -f and -j in either order are refused. */
struct tool_stack_args tool_stack_args = { .stack_storage = 16384 };
static bool folded;

enum { OPT_STACK_STORAGE = 0x300 };

int tool_stack_targets(const char *arg, bool by_tid)
{
	struct tool_stack_args *s = &tool_stack_args;
	if (s->ntargets) {
		log_err("-p and -t are mutually exclusive");
		return -EINVAL;
	}
	int n = args_pid_list(arg, by_tid ? "TID" : "PID", s->targets, TOOL_MAX_TARGETS);
	if (n < 0)
		return n;
	s->ntargets = n;
	s->by_tid = by_tid;
	return 0;
}

static error_t parse_stacks(int key, char *arg, struct argp_state *state)
{
	struct tool_stack_args *s = &tool_stack_args;
	switch (key) {
	case 'p': return -tool_stack_targets(arg, false);
	case 't': return -tool_stack_targets(arg, true);
	case 'U': s->user_only = true; return 0;
	case 'K': s->kernel_only = true; return 0;
	case 'f': folded = true; return 0;
	case OPT_STACK_STORAGE: return -args_ulong(arg, "stack storage size", 1, 1 << 24, &s->stack_storage);
	case ARGP_KEY_END:
		if (args_exclusive(s->user_only, 'U', s->kernel_only, 'K'))
			return EINVAL;
		if (folded && output_mode == OUTPUT_JSON) {
			log_err("-f and -j are two output formats: choose one");
			return EINVAL;
		}
		if (folded)
			output_mode = OUTPUT_FOLDED;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int stack_options(const struct tool *t, struct argp_option *o)
{
	int n = 0;
	if (t->takes & TOOL_TARGETS) {
		o[n++] = (struct argp_option){ "pid", 'p', "PIDS", 0, "Trace these PIDs only (comma separated)", 0 };
		o[n++] = (struct argp_option){ "tid", 't', "TIDS", 0, "Trace these TIDs only (comma separated)", 0 };
	}
	if (t->takes & TOOL_STACK_SPACE) {
		o[n++] = (struct argp_option){ "user-stacks-only", 'U', NULL, 0,
					       t->stack_help.user_only
						       ?: "Show stacks from user space only (no kernel space stacks)",
					       0 };
		o[n++] = (struct argp_option){ "kernel-stacks-only", 'K', NULL, 0,
					       t->stack_help.kernel_only
						       ?: "Show stacks from kernel space only (no user space stacks)",
					       0 };
	}
	if (t->takes & TOOL_FOLDED)
		o[n++] = (struct argp_option){ "folded", 'f', NULL, 0, "Output folded format", 0 };
	if (t->takes & TOOL_STACK_STORAGE)
		o[n++] = (struct argp_option){
			"stack-storage-size", OPT_STACK_STORAGE, "SIZE", 0,
			"The number of unique stack traces that can be stored and displayed (default 16384)", 0
		};
	return n;
}

static error_t parse_own(int key, char *arg, struct argp_state *state)
{
	for (const struct tool_option *b = parsing->bound; b && !is_end(&b->argp); b++)
		if (b->argp.key == key)
			return parse_bound(b, arg);
	error_t err = parsing->parse ? parsing->parse(key, arg, state) : ARGP_ERR_UNKNOWN;
	if (err != ARGP_ERR_UNKNOWN || key != ARGP_KEY_ARG)
		return err;
	if (parsing->takes & TOOL_PATTERN && !parsing->pattern)
		return tool_pattern_arg(parsing, arg);
	if (parsing->takes & TOOL_DURATION_ARG && state->arg_num == 0)
		return -args_seconds(arg, "duration", &tool_args.duration_ms);
	if (parsing->takes & TOOL_INTERVAL_COUNT) {
		err = args_interval_count(&positional, arg);
		if (positional.seen == 1)
			tool_args.interval_ms = positional.interval_ms;
		tool_args.count = positional.count;
		return err;
	}
	log_err("unexpected argument '%.64s'", arg);
	return EINVAL;
}

/* The tool's options for argp: the bound ones, then the ones it parses;
 * NULL when out of memory. */
static struct argp_option *own_options(const struct tool *t)
{
	size_t nb = 0, no = 0;
	while (t->bound && !is_end(&t->bound[nb].argp))
		nb++;
	while (t->options && !is_end(&t->options[no]))
		no++;
	struct argp_option *own = calloc(nb + no + 1, sizeof(*own));
	for (size_t i = 0; own && i < nb; i++)
		own[i] = t->bound[i].argp;
	for (size_t i = 0; own && i < no; i++)
		own[nb + i] = t->options[i];
	return own;
}

/* argp's view of a table: none when it is empty, as glibc's argp leaks
 * the help table it makes of an empty one. */
static const struct argp_option *or_none(const struct argp_option *o)
{
	return o && !is_end(o) ? o : NULL;
}

int tool_parse_args(const struct tool *t, int argc, char **argv)
{
	static struct argp_option common[20];
	int n = 0;
	struct argp_option *own = own_options(t);
	if (!own)
		return -ENOMEM;
	const struct argp own_argp = { or_none(own), parse_own };
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
		common[n++] = (struct argp_option){ "duration", args_has_key(&own_argp, 'd') ? OPT_DURATION : 'd', "SECONDS", 0,
						    t->help.duration ?: "Trace for this many seconds, then exit", 0 };
	if (t->takes & TOOL_JSON) {
		common[n] = (struct argp_option)RECORD_JSON_OPTION;
		if (t->stack_help.json || t->shape == TOOL_STACKS)
			common[n].doc = t->stack_help.json
						?: "One JSON object per stack (comm, pid, count, stacks as lists of frames)";
		else if (t->help.json || t->hist.map)
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
	if (t->takes & TOOL_PATTERN && !t->pattern)
		common[n++] = (struct argp_option){ "regexp", 'r', NULL, 0,
						    "Use regular expressions. Default is \"*\" wildcards only.", 0 };
	if (t->takes & TOOL_EXEC)
		common[n++] = (struct argp_option)RUNCMD_OPTION(OPT_EXEC);
	n += tool_metrics_options(t, common + n);
	static const struct argp common_argp = { common, parse_common };
	static struct argp_option stack[7];
	int nstack = stack_options(t, stack);
	static const struct argp stack_argp = { stack, parse_stacks };

	/* Groups with options only: glibc's argp leaks the help table of an
	 * empty one (make_hol), which the san tier reports on every -h. */
	struct argp_child children[14] = { { 0 } };
	int ncommon = n;
	n = 0;
	if (ncommon)
		children[n++] = (struct argp_child){ &common_argp, 0, NULL, 0 };
	if (nstack)
		children[n++] = (struct argp_child){ &stack_argp, 0, NULL, 0 };
	for (int i = 0; i < 6 && t->family[i]; i++)
		children[n++] = (struct argp_child){ t->family[i], 0, NULL, 0 };
	children[n++] = t->long_verbose || args_has_key(&own_argp, 'v') ? (struct argp_child)ARGS_CHILD_COMMON_LONG
						     : (struct argp_child)ARGS_CHILD_COMMON;
	if (t->takes & TOOL_BUFFER)
		children[n++] = (struct argp_child)ARGS_CHILD_BUFFER;
	/* The recorder keeps the event stream of core/events.c, which the
	 * event shape's tools print; the others' events feed their summaries. */
	if (t->takes & TOOL_BUFFER && t->shape == TOOL_EVENTS)
		children[n++] = (struct argp_child)ARGS_CHILD_FLIGHT;
	if (t->takes & TOOL_SELF)
		children[n++] = (struct argp_child)ARGS_CHILD_SELF;
	if (t->takes & TOOL_CONTAINERS)
		children[n++] = (struct argp_child)ARGS_CHILD_CONTAINERS;

	/* The summary is the help's first line; examples follow the options. */
	char *doc = NULL;
	if (asprintf(&doc, "%s%s%s.%s%s%s%s", t->help.summary ?: t->summary, t->summary_note ? " " : "",
		     t->summary_note ?: "", t->help.after ? "\v" : "", t->help.after ?: "",
		     !t->examples ? "" : t->help.after ? "\n\nExamples:\n" : "\vExamples:\n", t->examples ?: "") < 0) {
		free(own);
		return -ENOMEM;
	}
	const char *args_doc = t->args_doc;
	if (!args_doc && (t->takes & TOOL_INTERVAL_COUNT))
		args_doc = "[interval [count]]";
	if (!args_doc && (t->takes & TOOL_PATTERN) && !t->pattern)
		args_doc = "PATTERN";
	const struct argp argp = { or_none(own), parse_own, args_doc, doc, children };
	parsing = t;
	tool_args.interval_ms = t->interval_ms;
	tool_args.duration_ms = t->duration_ms;
	tool_args.cpu = -1;
	int err = args_parse(&argp, argc, argv, NULL);
	free(doc);
	free(own);
	return err;
}

int tool_parse_plain(const char *name, int argc, char **argv)
{
	const struct tool *t = tool_find(name);
	struct argp_option *own = own_options(t);
	if (!own)
		return -ENOMEM;
	static const struct argp_child groups[][2] = {
		[TOOL_GROUPS_COMMON] = ARGS_CHILDREN,
		[TOOL_GROUPS_HELP] = ARGS_CHILDREN_HELP,
		[TOOL_GROUPS_HELP_VERBOSE] = ARGS_CHILDREN_HELP_VERBOSE,
	};
	const struct argp argp = { or_none(own), parse_own, t->args_doc, t->doc, groups[t->groups] };
	parsing = t;
	int err = args_parse_flags(&argp, argc, argv, t->argp_flags, NULL);
	free(own);
	return err;
}

void tool_interval_status(void)
{
	record_status("Tracing... Output every %lu secs. Hit Ctrl-C to end", tool_args.interval_ms / 1000);
}
