/* ugc: garbage collections of one process of a high-level language, with
 * their duration and what the runtime says of them, as BCC's ugc. */
#include "cmd/lang.h"
#include "probes/ugc.skel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "probes/ugc.h"

#define UGC_LANGS (LANG_BIT(LANG_JAVA) | LANG_BIT(LANG_NODE) | LANG_BIT(LANG_PYTHON) | LANG_BIT(LANG_RUBY))

static bool on[LANG_COUNT];

#define PAIR(lang, what, provider, begin, end, prog)                                                     \
	LANG_USDT(#lang " " what " begin", provider, begin, prog "_begin", &on[LANG_##lang]),             \
	LANG_USDT(#lang " " what " end", provider, end, prog "_end", &on[LANG_##lang])

static const struct probe_spec probes[] = {
	PAIR(JAVA, "memory pool GC", "hotspot", "mem__pool__gc__begin", "mem__pool__gc__end", "java_pool"),
	PAIR(JAVA, "GC", "hotspot", "gc__begin", "gc__end", "java_gc"),
	PAIR(NODE, "GC", "node", "gc__start", "gc__done", "node_gc"),
	PAIR(PYTHON, "GC", "python", "gc__start", "gc__done", "python_gc"),
	PAIR(RUBY, "GC mark", "ruby", "gc__mark__begin", "gc__mark__end", "ruby_mark"),
	PAIR(RUBY, "GC sweep", "ruby", "gc__sweep__begin", "gc__sweep__end", "ruby_sweep"),
};

static const char *language, *filter;
static bool verbose, millis;
static unsigned long minimum;
static pid_t pid;
static int lang;

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language, "language to trace: java, node, python, ruby"),
	OPT_FLAG('v', "verbose", &verbose, "verbose mode: print the USDT probes attached to (for debugging purposes)"),
	OPT_FLAG('m', "milliseconds", &millis, "report times in milliseconds (default is microseconds)"),
	OPT_ULONG('M', "minimum", "MSEC", &minimum, 0, 1000000000, "display only GCs longer than this many milliseconds"),
	OPT_STRING('F', "filter", "FILTER", &filter, "display only GCs whose description contains this text"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	return lang_args(key, arg, state, &pid, NULL, "ugc [-l LANG] pid");
}

static int configure(struct tracer *t)
{
	lang = lang_choose(language, UGC_LANGS, pid);
	if (lang < 0)
		return lang;
	on[lang] = true;
	int err = lang_check_specs(lang, lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	if (err)
		return err;
	if (verbose)
		lang_print_sites(lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	return tracer_set_rodata_uint(t, "min_ns", (uint64_t)minimum * 1000000);
}

static void header(void)
{
	record_status("Tracing garbage collections in %s process %d... Ctrl-C to quit.", langs[lang].name, pid);
	record_status("%-8s %-8s %-40s", "START", millis ? "TIME (ms)" : "TIME (us)", "DESCRIPTION");
}

/* Each runtime's facts, in BCC's words. */
static void describe(const struct ugc_event *e, char *buf, size_t len)
{
	static const char *const node_types[] = { "GC scavenge", "GC mark-sweep-compact", "GC incremental mark",
						  "GC weak callbacks" };
	switch (e->kind) {
	case UGC_JAVA_POOL:
		snprintf(buf, len, "%.32s %.32s used=%llu->%llu max=%llu->%llu", e->string1, e->string2,
			 (unsigned long long)e->field1, (unsigned long long)e->field3, (unsigned long long)e->field2,
			 (unsigned long long)e->field4);
		break;
	case UGC_JAVA_GC: snprintf(buf, len, "no additional info available"); break;
	case UGC_NODE: {
		size_t off = 0;
		buf[0] = 0;
		for (int i = 0; i < 4; i++)
			if (e->field1 & (1u << i) && off < len)
				off += snprintf(buf + off, len - off, "%s%s", off ? ", " : "", node_types[i]);
		break;
	}
	case UGC_PYTHON:
		snprintf(buf, len, "gen %lld GC collected %lld objects", (long long)e->field1, (long long)e->field2);
		break;
	case UGC_RUBY_MARK: snprintf(buf, len, "GC mark stage"); break;
	default: snprintf(buf, len, "GC sweep stage"); break;
	}
}

static struct timespec start;

static int event(const void *data, size_t size)
{
	(void)size;
	const struct ugc_event *e = data;
	char desc[160];
	describe(e, desc, sizeof(desc));
	if (filter && !strstr(desc, filter))
		return 0;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	rec_f64("start_s", "%-8.3f ", (double)(now.tv_sec - start.tv_sec) + (now.tv_nsec - start.tv_nsec) / 1e9);
	rec_f64(millis ? "time_ms" : "time_us", "%-8.2f ", e->elapsed_ns / (millis ? 1e6 : 1e3));
	rec_str("description", "%s", desc);
	rec_end();
	return 0;
}

static int started(struct tracer *t)
{
	(void)t;
	clock_gettime(CLOCK_MONOTONIC, &start);
	return 0;
}

DECLARE_TOOL(ugc, .category = "languages", .summary = "Summarize garbage collection events in high-level languages",
	     .shape = TOOL_EVENTS, .takes = TOOL_JSON | TOOL_BUFFER, .bound = options, .parse = parse, .args_doc = "pid",
	     .long_verbose = true, TOOL_PROBES(probes), .configure = configure, .started = started, .header = header,
	     .event = event, .event_size = sizeof(struct ugc_event),
	     .examples = "  ugc -l java 185        # trace Java GCs in process 185\n"
			 "  ugc -l ruby 1344 -m    # trace Ruby GCs reporting in ms\n"
			 "  ugc -M 10 -l java 185  # trace only Java GCs longer than 10ms\n"
			 "  javagc 185             # the same as ugc -l java 185");

#define GC_ALIAS(lang) { #lang "gc", "ugc", { "-l", #lang } }
TOOL_ALIASES(ugc, GC_ALIAS(java), GC_ALIAS(node), GC_ALIAS(python), GC_ALIAS(ruby));
