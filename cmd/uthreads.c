/* uthreads: the threads one process starts (and, for Java, ends), as
 * BCC's uthreads: pthread_create() for every process, HotSpot's thread
 * probes for Java (cmd/lang.h). */
#include "cmd/lang.h"
#include "core/stacks/symbols.h"
#include "probes/uthreads.skel.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "probes/uthreads.h"

#define UTHREADS_LANGS (LANG_BIT(LANG_C) | LANG_BIT(LANG_JAVA))

static bool java_on;
static char libc[PATH_MAX];
static const char *libc_path = libc;
static pid_t pid;

static const struct probe_spec probes[] = {
	PROBE_UPROBE_BOTH("pthread_create", &libc_path, .pid = &pid),
	PROBE_BTF_RAW("sched_process_fork", "fork"),
	LANG_USDT("java thread start", "hotspot", "thread__start", "java_start", &java_on),
	LANG_USDT("java thread stop", "hotspot", "thread__stop", "java_stop", &java_on),
};

static const char *language;
static bool verbose;
static int lang = -1; /* -1: none, pthreads only */
static struct symbols *syms;
static struct timespec start;

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language, "language to trace: c, java, none (none for pthreads only)"),
	OPT_FLAG('v', "verbose", &verbose, "verbose mode: print the probes attached to (for debugging purposes)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	return lang_args(key, arg, state, &pid, NULL, "uthreads [-l LANG] pid");
}

static int configure(struct tracer *t)
{
	(void)t;
	if (language && strcmp(language, "none")) {
		lang = lang_choose(language, UTHREADS_LANGS, pid);
		if (lang < 0)
			return lang;
	} else if (!language) {
		/* BCC's detection; nothing found is "none", not an error. */
		lang = lang_detect(pid, UTHREADS_LANGS);
		if (lang >= 0 && lang_target(pid, lang))
			return -EINVAL;
	}
	if (lang == LANG_JAVA) {
		java_on = true;
		int err = lang_check_specs(lang, lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
		if (err)
			return err;
	}
	/* A program without a shared libc has its own pthread_create. */
	if (lang_find_binary(pid, LANG_C, libc, sizeof(libc)))
		snprintf(libc, sizeof(libc), "/proc/%d/exe", pid);
	if (verbose) {
		printf("uprobe pthread_create in %s, with its return, and the sched_process_fork tracepoint\n", libc);
		if (java_on)
			lang_print_sites(lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	}
	syms = symbols_open(&(struct symbols_opts){ .modules = true });
	return 0;
}

static int started(struct tracer *t)
{
	(void)t;
	clock_gettime(CLOCK_MONOTONIC, &start);
	return 0;
}

static void header(void)
{
	record_status("Tracing thread events in process %d (language: %s)... Ctrl-C to quit.", pid,
		      lang >= 0 ? langs[lang].name : "none");
	record_status("%-8s %-16s %-8s %-30s", "TIME", "ID", "TYPE", "DESCRIPTION");
}

static int event(const void *data, size_t size)
{
	(void)size;
	const struct uthreads_event *e = data;
	static const char *const types[] = { "pthread", "start", "stop" };
	char id[48], name[LANG_NAME_LEN + 1];
	const char *desc = name;
	if (e->type == UTHREADS_PTHREAD) {
		snprintf(id, sizeof(id), "%llu", (unsigned long long)e->native_id);
		desc = "[unknown]";
		symbols_user(syms, pid, e->runtime_id, &desc, 1);
	} else {
		snprintf(id, sizeof(id), "R=%llu/N=%llu", (unsigned long long)e->runtime_id,
			 (unsigned long long)e->native_id);
		snprintf(name, sizeof(name), "%.*s", LANG_NAME_LEN, e->name);
	}
	double secs = ((double)e->ts - ((double)start.tv_sec * 1e9 + start.tv_nsec)) / 1e9;
	rec_f64("time_s", "%-8.3f ", secs);
	rec_str("id", "%-16s ", id);
	rec_str("type", "%-8s ", types[e->type < 3 ? e->type : 0]);
	rec_str("description", "%-30s", desc);
	rec_end();
	return 0;
}

static int end(struct tracer *t)
{
	(void)t;
	symbols_close(syms);
	return 0;
}

DECLARE_TOOL(uthreads, .category = "languages",
	     .summary = "Trace thread creation/destruction events in high-level languages", .shape = TOOL_EVENTS,
	     .takes = TOOL_JSON | TOOL_BUFFER, .bound = options, .parse = parse, .args_doc = "pid",
	     .long_verbose = true, TOOL_PROBES(probes), .configure = configure, .started = started, .header = header,
	     .event = event, .event_size = sizeof(struct uthreads_event), .end = end,
	     .examples = "  uthreads -l java 185    # trace Java threads in process 185\n"
			 "  uthreads -l none 12245  # trace only pthreads in process 12245\n"
			 "  javathreads 185         # the same as uthreads -l java 185");

TOOL_ALIASES(uthreads, { "javathreads", "uthreads", { "-l", "java" } });
