/* ucalls: method calls (and -S syscalls) of one process of a high-level
 * language, counted or timed, as BCC's ucalls: the runtime's USDT method
 * probes (cmd/lang.h), raw syscall tracepoints for -S. */
#include "cmd/lang.h"
#include "core/histmap.h"
#include "core/syscalls.h"
#include "probes/ucalls.skel.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/ucalls.h"

#define UCALLS_LANGS                                                                                     \
	(LANG_BIT(LANG_JAVA) | LANG_BIT(LANG_PERL) | LANG_BIT(LANG_PHP) | LANG_BIT(LANG_PYTHON) |        \
	 LANG_BIT(LANG_RUBY) | LANG_BIT(LANG_TCL))

static bool entry_on[LANG_COUNT], return_on[LANG_COUNT], python_line, sys_on, sys_exit_on;

#define METHODS(id, lang, provider, entry, ret)                                                          \
	LANG_USDT(#lang " method entry", provider, entry, #lang "_entry", &entry_on[id]),                \
	LANG_USDT(#lang " method return", provider, ret, #lang "_return", &return_on[id])

static const struct probe_spec probes[] = {
	METHODS(LANG_JAVA, java, "hotspot", "method__entry", "method__return"),
	METHODS(LANG_PERL, perl, "perl", "sub__entry", "sub__return"),
	METHODS(LANG_PHP, php, "php", "function__entry", "function__return"),
	METHODS(LANG_PYTHON, python, "python", "function__entry", "function__return"),
	LANG_USDT("python line", "python", "line", "python_line", &python_line),
	METHODS(LANG_RUBY, ruby, "ruby", "method__entry", "method__return"),
	METHODS(LANG_TCL, tcl, "tcl", "proc__entry", "proc__return"),
	PROBE_BTF_RAW("sys_enter", "sys_enter", .when = &sys_on),
	PROBE_BTF_RAW("sys_exit", "sys_exit", .when = &sys_exit_on),
};

static const char *language;
static unsigned long top;
static bool latency, syscalls, verbose, millis;
static pid_t pid;
static unsigned long interval_s;
static int lang = -1; /* -1: none, syscalls only */

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language,
		   "language to trace: java, perl, php, python, ruby, tcl (if none, trace syscalls only)"),
	OPT_ULONG('T', "top", "TOP", &top, 1, 1000000, "number of most frequent/slow calls to print"),
	OPT_FLAG('L', "latency", &latency, "record method latency from enter to exit (except recursive calls)",
		 .rodata = "latency"),
	OPT_FLAG('S', "syscalls", &syscalls, "record syscall latency (adds overhead)"),
	OPT_FLAG('v', "verbose", &verbose, "verbose mode: print the USDT probes attached to (for debugging purposes)"),
	OPT_FLAG('m', "milliseconds", &millis, "report times in milliseconds (default is microseconds)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	return lang_args(key, arg, state, &pid, &interval_s, "ucalls [-l LANG] pid [interval]");
}

static int configure(struct tracer *t)
{
	if (language && strcmp(language, "none")) {
		lang = lang_parse(language, UCALLS_LANGS);
		if (lang < 0)
			return lang;
	} else if (!language) {
		lang = lang_detect(pid, UCALLS_LANGS);
	}
	if (lang < 0 && !syscalls)
		return log_err("Nothing to do; use -S to trace syscalls."), -EINVAL;
	if (lang >= 0) {
		int err = lang_target(pid, lang);
		if (err)
			return err;
		entry_on[lang] = true;
		return_on[lang] = latency;
		python_line = lang == LANG_PYTHON;
		err = lang_check_specs(lang, lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
		if (err)
			return err;
		if (verbose)
			lang_print_sites(lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	}
	sys_on = syscalls;
	sys_exit_on = syscalls && latency;
	return tracer_set_rodata_uint(t, "targ_tgid", (unsigned)pid);
}

static void header(void)
{
	if (syscalls)
		record_status("Attached kernel tracepoints for syscall tracing.");
	record_status("Tracing calls in process %d (language: %s)... Ctrl-C to quit.", pid,
		      lang >= 0 ? langs[lang].name : "none");
	if (lang == LANG_JAVA && !lang_java_probes_on(pid, "DTraceMethodProbes"))
		record_status("If you do not see any results, make sure you ran java with option -XX:+ExtendedDTraceProbes");
	if (lang == LANG_PHP)
		record_status("If you do not see any results, make sure the environment variable USE_ZEND_DTRACE is set to 1");
	if (lang == LANG_RUBY)
		record_status("%s", LANG_RUBY_HINT);
}

struct method_row {
	struct lang_method k;
	struct ucalls_info v;
};
struct sys_row {
	__u64 k;
	struct ucalls_info v;
};
struct row {
	char name[2 * LANG_NAME_LEN + 2];
	struct ucalls_info v;
};

/* BCC's order: fewest (calls, or time with -L) first, so -T keeps the
 * last; ties by name, so equal counts print the same each run. */
static int by_value(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	__u64 vx = latency ? x->v.total_ns : x->v.calls, vy = latency ? y->v.total_ns : y->v.calls;
	return vx < vy ? -1 : vx > vy ? 1 : strcmp(x->name, y->name);
}

static int summary(struct tracer *t, bool last)
{
	struct method_row *m = NULL;
	struct sys_row *s = NULL;
	int nm = HISTMAP_TAKE(bpf_object__find_map_fd_by_name(t->obj, "counts"), &m, k, v);
	int ns = nm < 0 ? 0 : HISTMAP_TAKE(bpf_object__find_map_fd_by_name(t->obj, "syscounts"), &s, k, v);
	struct row *rows = nm < 0 || ns < 0 ? NULL : calloc(nm + ns + 1, sizeof(*rows));
	if (!rows) {
		free(m), free(s);
		return nm < 0 ? nm : ns < 0 ? ns : -ENOMEM;
	}
	for (int i = 0; i < nm; i++) {
		snprintf(rows[i].name, sizeof(rows[i].name), "%.*s.%.*s", LANG_NAME_LEN, m[i].k.clazz, LANG_NAME_LEN,
			 m[i].k.method);
		rows[i].v = m[i].v;
	}
	for (int i = 0; i < ns; i++) {
		char buf[32];
		snprintf(rows[nm + i].name, sizeof(rows[nm + i].name), "%s", syscall_name((int)s[i].k, buf, sizeof(buf)));
		rows[nm + i].v = s[i].v;
	}
	int n = nm + ns, from = 0;
	qsort(rows, n, sizeof(*rows), by_value);
	if (top && (unsigned long)n > top)
		from = n - (int)top;
	if (output_mode != OUTPUT_JSON) {
		printf("\n");
		if (latency)
			printf("%-50s %8s %8s\n", "METHOD", "# CALLS", millis ? "TIME (ms)" : "TIME (us)");
		else
			printf("%-50s %8s\n", "METHOD", "# CALLS");
	}
	for (int i = from; i < n; i++) {
		rec_str("method", "%-50s ", rows[i].name);
		rec_u64("calls", latency ? "%8llu " : "%8llu", rows[i].v.calls);
		if (latency)
			rec_f64(millis ? "time_ms" : "time_us", "%6.2f", rows[i].v.total_ns / (millis ? 1e6 : 1e3));
		rec_end();
	}
	if (last && syscalls)
		record_status("Detaching kernel probes, please wait...");
	fflush(stdout);
	free(rows), free(m), free(s);
	return 0;
}

DECLARE_TOOL(ucalls, .category = "languages", .summary = "Summarize method calls in high-level languages",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON, .help.json = "One JSON object per row (a bpfkit addition)",
	     .bound = options, .parse = parse, .args_doc = "pid [interval]", .long_verbose = true, TOOL_PROBES(probes),
	     .configure = configure, .header = header, .interval = summary,
	     .examples = "  ucalls -l java 185        # trace Java calls and print statistics on ^C\n"
			 "  ucalls -l python 2020 1   # trace Python calls and print every second\n"
			 "  ucalls -l java 185 -S     # trace Java calls and syscalls\n"
			 "  ucalls 6712 -S            # trace only syscall counts\n"
			 "  ucalls -l ruby 1344 -T 10 # trace top 10 Ruby method calls\n"
			 "  ucalls -l ruby 1344 -L    # trace Ruby calls including latency\n"
			 "  ucalls -l php 443 -LS     # trace PHP calls and syscalls with latency\n"
			 "  ucalls -l python 2020 -mL # trace Python calls including latency in ms\n"
			 "  javacalls 185             # the same as ucalls -l java 185");

#define CALLS_ALIAS(lang) { #lang "calls", "ucalls", { "-l", #lang } }
TOOL_ALIASES(ucalls, CALLS_ALIAS(java), CALLS_ALIAS(perl), CALLS_ALIAS(php), CALLS_ALIAS(python), CALLS_ALIAS(ruby),
	     CALLS_ALIAS(tcl));
