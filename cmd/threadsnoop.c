/* threadsnoop: thread creation through pthread_create(), with the start
 * routine by name, as BCC's threadsnoop. */
#include "core/binary.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/threadsnoop.skel.h"

#include <string.h>

#include "probes/threadsnoop.h"

static const char *lib = "c";
static char path[4096]; /* lib's file */
static const char *binary = path;
static struct symbols *syms;

static const struct probe_spec probes[] = {
	PROBE_UPROBE("pthread_create", "pthread_create", &binary, .pid = &tool_args.pid),
};

static const struct tool_option options[] = {
	OPT_STRING('l', "library", "LIB", &lib, "Library or binary holding pthread_create (default libc)"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	/* With -p a program name resolves through that process's mappings,
	 * so a static binary's own pthread_create is found. */
	pid_t pid = tool_args.pid;
	if (pid && !strcmp(lib, "c")) {
		if (resolve_binary("c", pid, path, sizeof(path)) < 0 || !binary_mapped(pid, path))
			snprintf(path, sizeof(path), "/proc/%d/exe", pid); /* static */
	} else if (resolve_binary(lib, pid, path, sizeof(path)) < 0) {
		log_err("cannot find library or binary '%s'", lib);
		return -ENOENT;
	}
	syms = symbols_open(NULL);
	return 0;
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

static void func(const struct record_column *c, const void *rec, size_t size)
{
	const struct thread_event *e = rec;
	const char *name = "[unknown]";
	symbols_user(syms, e->pid, e->start, &name, 1);
	rec_col_str(c, name);
}

static const struct record_column columns[] = {
	COL(struct thread_event, ts, "TIME(ms)", "%-10u ", .scale = 1e6, .since_first = true),
	COL_TASK(struct thread_event, pid, "%-7u "),
	COL_CALL("FUNC", "%s", func),
	{ 0 },
};

DECLARE_TOOL(threadsnoop, .category = "process", .summary = "Trace thread creation via pthread_create()",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.pid = "Trace this PID only (its pthread_create, static binaries included)", .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .end = end, .columns = columns,
	     .event_size = sizeof(struct thread_event),
	     .examples = "  threadsnoop                 # every pthread_create() through libc\n"
			 "  threadsnoop -p 181          # process 181 only\n"
			 "  threadsnoop -l /opt/app/bin/server   # a statically linked program");
