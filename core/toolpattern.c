/* TOOL_PATTERN: tools whose probes are the points a pattern names
 * (funccount, stackcount), attached through core/attach.h rather than by
 * probe specs.  The steps of the pattern's life, called by the argument
 * parser and the runner in their places. */
#include "core/attach.h"
#include "core/debug.h"
#include "core/log.h"
#include "core/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tool_pattern tool_pattern;
static struct attach_set links;
static int parsed; /* patterns parsed, to free */

error_t tool_pattern_arg(const struct tool *t, char *arg)
{
	if (!(t->takes & TOOL_PATTERN))
		return ARGP_ERR_UNKNOWN;
	if (tool_pattern.nspecs && !(t->takes & TOOL_PATTERNS)) {
		log_err("unexpected argument '%s' (one pattern at a time)", arg);
		return EINVAL;
	}
	if (tool_pattern.nspecs == TOOL_MAX_PATTERNS) {
		log_err("too many patterns: at most %d", TOOL_MAX_PATTERNS);
		return EINVAL;
	}
	tool_pattern.specs[tool_pattern.nspecs++] = arg;
	tool_pattern.spec = tool_pattern.specs[0];
	return 0;
}

/* Once the options are parsed: a pattern that cannot be read is bad usage. */
error_t tool_pattern_end(const struct tool *t)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	if (t->pattern)
		tool_pattern.spec = tool_pattern.specs[0] = t->pattern, tool_pattern.nspecs = 1;
	if (!tool_pattern.spec) {
		log_err("a pattern is needed, e.g. %s, 'c:malloc' or 't:sched:sched_switch'", t->help.pattern);
		return EINVAL;
	}
	char err[512];
	for (int i = 0; i < tool_pattern.nspecs; i++) {
		if (pattern_parse(tool_pattern.specs[i], tool_pattern.regex, &tool_pattern.pats[i], err, sizeof(err))) {
			log_err("%s", err);
			return EINVAL;
		}
		parsed = i + 1;
	}
	tool_pattern.pat = tool_pattern.pats[0];
	return 0;
}

/* Each pattern's points after the ones before, remembering whose they are. */
static int resolve_each(struct attach_point **all)
{
	char err[512];
	int total = 0;
	for (int i = 0; i < tool_pattern.nspecs; i++) {
		struct attach_point *pts;
		int n = pattern_resolve(&tool_pattern.pats[i], tool_args.pid, &pts, err, sizeof(err));
		if (n < 0) {
			log_err("%s", err);
			return n;
		}
		struct attach_point *grown = realloc(*all, (total + n) * sizeof(*grown));
		if (grown)
			*all = grown;
		int *of = realloc(tool_pattern.spec_of, (total + n) * sizeof(*of));
		if (of)
			tool_pattern.spec_of = of;
		if (!grown || !of) {
			attach_points_free(pts, n);
			return -ENOMEM;
		}
		memcpy(grown + total, pts, n * sizeof(*pts));
		free(pts); /* its strings now belong to *all */
		for (int k = 0; k < n; k++)
			of[total + k] = i;
		total += n;
		tool_pattern.n = total;
	}
	return total;
}

int tool_pattern_resolve(const struct tool *t, struct tracer *tr)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	int n = resolve_each(&tool_pattern.pts);
	if (n < 0)
		return n;
	return attach_prepare(tr->obj, tool_pattern.pts, n);
}

int tool_pattern_attach(const struct tool *t, struct tracer *tr)
{
	if (!(t->takes & TOOL_PATTERN))
		return 0;
	if (tool_pattern.debug)
		tracer_dump_programs(tr, stdout);
	else if (debug_flags & DEBUG_PREPROCESSOR)
		tracer_dump_programs(tr, stderr);
	/* In the kernel: only the process's copy of a library counts (a
	 * kernel function's or tracepoint's probe takes no process). */
	int pid = 0;
	for (int i = 0; i < tool_pattern.nspecs; i++)
		if (tool_pattern.pats[i].kind == PAT_UPROBE || tool_pattern.pats[i].kind == PAT_USDT)
			pid = tool_args.pid;
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
	free(tool_pattern.spec_of);
	tool_pattern.spec_of = NULL;
	for (int i = 0; i < parsed; i++)
		pattern_free(&tool_pattern.pats[i]);
	parsed = 0;
}

void tool_pattern_status(void)
{
	record_status("Tracing %d functions for \"%s\"... Hit Ctrl-C to end.", tool_pattern.attached, tool_pattern.spec);
}
