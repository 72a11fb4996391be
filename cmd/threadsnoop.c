/* threadsnoop: thread creation through pthread_create(), with the start
 * routine by name, as BCC's threadsnoop. */
#include "core/pattern.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/threadsnoop.skel.h"

#include <string.h>

#include "probes/threadsnoop.h"

static const char *lib = "c";
static char path[4096]; /* lib's file */
static struct bpf_link *link;
static struct symbols *syms;
static __u64 first_ts;

static const struct tool_option options[] = {
	OPT_STRING('l', "library", "LIB", &lib, "Library or binary holding pthread_create (default libc)"),
	{ { 0 } },
};

/* Whether process pid maps the file at path (the libc a static program
 * does not have). */
static bool maps_file(pid_t pid, const char *path)
{
	char maps[64], line[4352];
	snprintf(maps, sizeof(maps), "/proc/%d/maps", pid);
	FILE *f = fopen(maps, "r");
	bool found = false;
	const char *tail = strrchr(path, '/');
	while (f && !found && fgets(line, sizeof(line), f))
		found = tail && strstr(line, tail);
	if (f)
		fclose(f);
	return found;
}

static int configure(struct tracer *t)
{
	/* With -p a program name resolves through that process's mappings,
	 * so a static binary's own pthread_create is found. */
	pid_t pid = tool_args.pid;
	if (pid && !strcmp(lib, "c")) {
		if (resolve_binary("c", pid, path, sizeof(path)) < 0 || !maps_file(pid, path))
			snprintf(path, sizeof(path), "/proc/%d/exe", pid); /* static */
	} else if (resolve_binary(lib, pid, path, sizeof(path)) < 0) {
		log_err("cannot find library or binary '%s'", lib);
		return -ENOENT;
	}
	syms = symbols_open(NULL);
	return 0;
}

/* A uprobe on a file found at run time: not a probe spec. */
static int started(struct tracer *t)
{
	LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = "pthread_create");
	struct threadsnoop_bpf *skel = t->skel;
	link = bpf_program__attach_uprobe_opts(skel->progs.pthread_create_entry, tool_args.pid ?: -1, path, 0, &uo);
	if (link)
		return 0;
	int err = -errno;
	log_err("cannot attach a uprobe to pthread_create in %s: %s", path, strerror(-err));
	return err;
}

static int end(struct tracer *t)
{
	bpf_link__destroy(link);
	symbols_close(syms);
	return 0;
}

static void header(void)
{
	fprintf(record_header_out(), "%-10s %-7s %-16s %s\n", "TIME(ms)", "PID", "COMM", "FUNC");
}

static int on_event(const void *data, size_t size)
{
	const struct thread_event *e = data;
	if (!first_ts)
		first_ts = e->ts;
	const char *func = "[unknown]";
	symbols_user(syms, e->pid, e->start, &func, 1);
	rec_u64("time_ms", "%-10llu ", (e->ts - first_ts) / 1000000);
	rec_u64("pid", "%-7llu ", e->pid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_str("func", "%s", func);
	rec_end();
	return 0;
}

DECLARE_TOOL(threadsnoop, .category = "process", .summary = "Trace thread creation via pthread_create()",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.pid = "Trace this PID only (its pthread_create, static binaries included)", .bound = options,
	     .configure = configure, .started = started, .end = end, .header = header,
	     .event = on_event, .event_size = sizeof(struct thread_event),
	     .examples = "  threadsnoop                 # every pthread_create() through libc\n"
			 "  threadsnoop -p 181          # process 181 only\n"
			 "  threadsnoop -l /opt/app/bin/server   # a statically linked program");
