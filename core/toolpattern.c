/* TOOL_PATTERN: tools whose probes are the points a pattern names
 * (funccount, stackcount), attached through core/attach.h rather than by
 * probe specs.  The steps of the pattern's life, called by the argument
 * parser and the runner in their places. */
#include "core/attach.h"
#include "core/log.h"
#include "core/tool.h"

#include <errno.h>
#include <stdio.h>

struct tool_pattern tool_pattern;
static struct attach_set links;
static bool parsed;

error_t tool_pattern_arg(const struct tool *t, char *arg)
{
	if (!(t->takes & TOOL_PATTERN))
		return ARGP_ERR_UNKNOWN;
	if (tool_pattern.spec) {
		log_err("unexpected argument '%s' (one pattern at a time)", arg);
		return EINVAL;
	}
	tool_pattern.spec = arg;
	return 0;
}

/* Once the options are parsed: a pattern that cannot be read is bad usage. */
error_t tool_pattern_end(const struct tool *t)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	if (t->pattern)
		tool_pattern.spec = t->pattern;
	if (!tool_pattern.spec) {
		log_err("a pattern is needed, e.g. %s, 'c:malloc' or 't:sched:sched_switch'", t->help.pattern);
		return EINVAL;
	}
	char err[512];
	if (pattern_parse(tool_pattern.spec, tool_pattern.regex, &tool_pattern.pat, err, sizeof(err))) {
		log_err("%s", err);
		return EINVAL;
	}
	parsed = true;
	return 0;
}

int tool_pattern_resolve(const struct tool *t, struct tracer *tr)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	char err[512];
	int n = pattern_resolve(&tool_pattern.pat, tool_args.pid, &tool_pattern.pts, err, sizeof(err));
	if (n < 0) {
		log_err("%s", err);
		return n;
	}
	tool_pattern.n = n;
	return attach_prepare(tr->obj, tool_pattern.pts, n);
}

int tool_pattern_attach(const struct tool *t, struct tracer *tr)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	if (tool_pattern.debug)
		tracer_dump_programs(tr, stdout);
	/* In the kernel: only the process's copy of a library counts. */
	enum pattern_kind kind = tool_pattern.pat.kind;
	int pid = kind == PAT_UPROBE || kind == PAT_USDT ? tool_args.pid : 0;
	int err = attach_all(tr->obj, tool_pattern.pts, tool_pattern.n, pid, &links);
	tool_pattern.attached = tool_pattern.n - links.left_out;
	return err;
}

void tool_pattern_free(void)
{
	attach_destroy(&links);
	attach_points_free(tool_pattern.pts, tool_pattern.n);
	tool_pattern.pts = NULL;
	tool_pattern.n = 0;
	if (parsed)
		pattern_free(&tool_pattern.pat);
	parsed = false;
}

void tool_pattern_status(void)
{
	record_status("Tracing %d functions for \"%s\"... Hit Ctrl-C to end.", tool_pattern.attached, tool_pattern.spec);
}
