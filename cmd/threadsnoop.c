/* threadsnoop: thread creation through pthread_create(), with the start
 * routine by name, as BCC's threadsnoop. */
#include "core/args.h"
#include "core/events.h"
#include "core/log.h"
#include "core/pattern.h"
#include "core/record.h"
#include "core/symbols.h"
#include "core/tool.h"
#include "core/tracer.h"
#include "probes/threadsnoop.skel.h"

#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "probes/threadsnoop.h"

static struct opts {
	pid_t pid;
	const char *lib;
	unsigned long duration_ms;
} o = { .lib = "c" };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Trace this PID only (its pthread_create, static binaries included)", 0 },
	{ "library", 'l', "LIB", 0, "Library or binary holding pthread_create (default libc)", 0 },
	{ "duration", 'd', "SECONDS", 0, "Trace for this many seconds, then exit", 0 },
	RECORD_JSON_OPTION,
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'j': record_json = true; return 0;
	case 'p': return -args_pid(arg, "PID", &o.pid);
	case 'l': o.lib = arg; return 0;
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case ARGP_KEY_ARG: log_err("unexpected argument '%s'", arg); return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

static const struct argp_child children[] = { ARGS_CHILD_COMMON, ARGS_CHILD_BUFFER, { 0 } };
static const struct argp argp = {
	options, parse, NULL,
	"Trace thread creation via pthread_create().\v"
	"Examples:\n"
	"  threadsnoop                 # every pthread_create() through libc\n"
	"  threadsnoop -p 181          # process 181 only\n"
	"  threadsnoop -l /opt/app/bin/server   # a statically linked program",
	children,
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

static struct symbols *syms;
static __u64 first_ts;

static int on_event(void *ctx, const void *data, size_t size)
{
	const struct thread_event *e = data;
	if (size < sizeof(*e))
		return 0;
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

static void header(void)
{
	FILE *out = record_header_out();
	fprintf(out, "%-10s %-7s %-16s %s\n", "TIME(ms)", "PID", "COMM", "FUNC");
}

static int threadsnoop_main(int argc, char **argv)
{
	if (args_parse(&argp, argc, argv, NULL))
		return 2;
	char path[4096];
	/* With -p a program name resolves through that process's mappings,
	 * so a static binary's own pthread_create is found. */
	const char *lib = o.lib;
	if (o.pid && !strcmp(lib, "c")) {
		if (resolve_binary("c", o.pid, path, sizeof(path)) < 0 || !maps_file(o.pid, path))
			snprintf(path, sizeof(path), "/proc/%d/exe", o.pid); /* static */
	} else if (resolve_binary(lib, o.pid, path, sizeof(path)) < 0) {
		log_err("cannot find library or binary '%s'", lib);
		return 1;
	}
	struct threadsnoop_bpf *skel = TRACER_OPEN(threadsnoop);
	if (!skel)
		return 1;
	skel->rodata->targ_tgid = o.pid;
	struct tracer tr = { .skeleton = skel->skeleton, .obj = skel->obj, .skel = skel };
	struct bpf_link *link = NULL;
	int err = tracer_start(&tr);
	if (!err) {
		LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = "pthread_create");
		link = bpf_program__attach_uprobe_opts(skel->progs.pthread_create_entry, o.pid ? o.pid : -1, path, 0,
						      &uo);
		if (!link) {
			err = -errno;
			log_err("cannot attach a uprobe to pthread_create in %s: %s", path, strerror(-err));
		}
	}
	syms = symbols_open(NULL);
	err = err ?: events_run(&tr, on_event, NULL, header, o.duration_ms);
	bpf_link__destroy(link);
	symbols_close(syms);
	tracer_destroy(&tr);
	return err < 0 ? 1 : 0;
}

BPFKIT_TOOL(threadsnoop, .name = "threadsnoop", .category = "process",
	    .summary = "Trace thread creation via pthread_create()", .main = threadsnoop_main);
