/* reset-trace: the tracing state a crashed or killed tracer leaves behind,
 * reset as BCC's reset-trace does.  What tracers of BCC's kind use
 * (kprobe_events, uprobe_events, the trace buffer) is always cleared; what
 * belongs to ftrace and may be another session's is only reported when it
 * is not at its default, and reset with -F. */
#include "core/features.h"
#include "core/tool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static bool force, quiet, verbose;

static const struct tool_option options[] = {
	OPT_FLAG('F', "force", &force, "Also reset the ftrace files another tracing session may be using"),
	OPT_FLAG('q', "quiet", &quiet, "Print nothing but errors"),
	OPT_FLAG('v', "verbose", &verbose, "Say what is checked, and show what a reset file held"),
	{ { 0 } },
};

/* BCC's list, in its order, with set_ftrace_notrace added. */
static const struct traced_file {
	const char *name;
	const char *reset;    /* what is written */
	const char *expected; /* the default, as read ("": no lines) */
	bool always;	      /* BCC's own: reset without -F */
} files[] = {
	{ "kprobe_events", "", "", true },
	{ "uprobe_events", "", "", true },
	{ "trace", "", "", true }, /* the buffer trace_pipe reads */
	{ "current_tracer", "nop", "nop", false },
	{ "set_ftrace_filter", "", "", false },
	{ "set_ftrace_notrace", "", "", false },
	{ "set_graph_function", "", "", false },
	{ "set_ftrace_pid", "", "no pid", false },
	{ "events/enable", "0", "0", false },
	{ "tracing_thresh", "0", "0", false },
	{ "tracing_on", "1", "1", false },
};

/* The lines of a file that are not comments ("# tracer: nop", "#### all
 * functions enabled ####"): their count, the first ones. */
#define SHOWN 20
struct contents {
	int n;
	char *first[SHOWN];
};

static void contents_free(struct contents *c)
{
	for (int i = 0; i < c->n && i < SHOWN; i++)
		free(c->first[i]);
	c->n = 0;
}

static int read_contents(const char *path, struct contents *c)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	c->n = 0;
	errno = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		if (len && line[len - 1] == '\n')
			line[--len] = 0;
		if (line[0] == '#')
			continue;
		if (c->n < SHOWN && !(c->first[c->n] = strdup(line))) {
			errno = ENOMEM;
			break;
		}
		c->n++;
	}
	int err = ferror(f) || errno == ENOMEM ? -(errno ?: EIO) : 0;
	free(line);
	fclose(f);
	if (err)
		contents_free(c);
	return err;
}

static bool as_expected(const struct traced_file *tf, const struct contents *c)
{
	if (!*tf->expected || !c->n)
		return !c->n && (!*tf->expected || !strcmp(tf->name, "set_ftrace_pid"));
	return c->n == 1 && !strcmp(c->first[0], tf->expected);
}

/* "empty", "\"nop\"", "3 lines": what a file holds, in a message. */
static const char *describe(const struct contents *c, char *buf, size_t len)
{
	if (!c->n)
		snprintf(buf, len, "empty");
	else if (c->n == 1)
		snprintf(buf, len, "\"%s\"", c->first[0]);
	else
		snprintf(buf, len, "%d lines", c->n);
	return buf;
}

/* -v: what a list (probes, filters, the buffer) held, numbered as cat -n;
 * a value is in the message already. */
static void show(const struct traced_file *tf, const struct contents *c)
{
	if (!verbose || *tf->expected)
		return;
	for (int i = 0; i < c->n && i < SHOWN; i++)
		printf("%6d\t%s\n", i + 1, c->first[i]);
	if (c->n > SHOWN)
		printf("   ...\t%d more\n", c->n - SHOWN);
}

/* As echo VALUE > FILE: opening with O_TRUNC is what empties the event
 * lists, the function filters and the buffer. */
static int write_value(const char *path, const char *value)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	char buf[64];
	int len = snprintf(buf, sizeof(buf), "%s\n", value);
	int err = write(fd, buf, len) == len ? 0 : -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

static const char *hint(int err)
{
	switch (err) {
	case -EBUSY: return " (a tracer still running uses it)";
	case -EACCES: return " (needs root)";
	default: return "";
	}
}

/* One file checked and, where it may be, reset: 0, or -errno printed. */
static int reset_file(const char *dir, const struct traced_file *tf)
{
	char path[256], was[64], now[64];
	snprintf(path, sizeof(path), "%s/%s", dir, tf->name);
	bool may_write = tf->always || force;
	if (access(path, F_OK)) {
		if (verbose)
			printf("Skipping %s: this kernel has none\n", path);
		return 0;
	}
	if (verbose)
		printf("Checking %s\n", path);
	struct contents c = { 0 };
	int err = read_contents(path, &c);
	if (err && !may_write) {
		if (verbose)
			printf("Cannot check %s: %s; left as it is\n", path, strerror(-err));
		return 0;
	}
	/* Unreadable, but ours to reset: written all the same. */
	if (!err && as_expected(tf, &c))
		return 0;
	if (!may_write) {
		if (!quiet)
			printf("Left %s as it is: %s, not %s%s%s (-F resets it)\n", path, describe(&c, was, sizeof(was)),
			       *tf->expected ? "\"" : "", *tf->expected ? tf->expected : "empty", *tf->expected ? "\"" : "");
		show(tf, &c);
		contents_free(&c);
		return 0;
	}
	int werr = write_value(path, tf->reset);
	if (werr) {
		log_err("cannot reset %s: %s%s", path, strerror(-werr), hint(werr));
		contents_free(&c);
		return werr;
	}
	/* The buffer fills again as soon as anything traces: not read back. */
	struct contents after = { 0 };
	if (strcmp(tf->name, "trace") && !read_contents(path, &after) && !as_expected(tf, &after)) {
		log_err("cannot reset %s: it holds %s after the write", path, describe(&after, now, sizeof(now)));
		contents_free(&after);
		contents_free(&c);
		return -EAGAIN;
	}
	contents_free(&after);
	if (!quiet) {
		if (err)
			printf("Reset %s (it could not be read: %s)\n", path, strerror(-err));
		else if (*tf->reset)
			printf("Set %s to \"%s\" (it was %s)\n", path, tf->reset, describe(&c, was, sizeof(was)));
		else
			printf("Cleared %s (%d line%s)\n", path, c.n, c.n == 1 ? "" : "s");
	}
	show(tf, &c);
	contents_free(&c);
	return 0;
}

static int reset_trace_main(int argc, char **argv)
{
	if (tool_parse_plain("reset-trace", argc, argv) || args_exclusive(quiet, 'q', verbose, 'v'))
		return 2;
	const char *dir = tracefs_path();
	if (!dir) {
		log_err("cannot reach tracefs (%s): mount -t tracefs tracefs /sys/kernel/tracing", strerror(errno));
		return 1;
	}
	if (verbose)
		printf("Resetting the tracing state in %s\n", dir);
	int failed = 0;
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		failed |= reset_file(dir, &files[i]) != 0;
	if (verbose)
		printf("Done.\n");
	return failed;
}

BPFKIT_TOOL(reset_trace, .name = "reset-trace", .category = "debugging",
	    .summary = "Reset the kernel's tracing state a crashed tracer left behind", .main = reset_trace_main,
	    .bound = options, .groups = TOOL_GROUPS_HELP, .doc =
		"Reset the kernel's tracing state a crashed tracer left behind: clear kprobe_events, "
		"uprobe_events and the trace buffer, and report ftrace files not at their defaults "
		"(-F resets those too).\v"
		"Examples:\n"
		"  reset-trace      # clear what a crashed tracer left\n"
		"  reset-trace -v   # the same, saying what is checked\n"
		"  reset-trace -F   # also reset ftrace, whoever uses it");
