/* uflow: the method calls and returns of one process of a high-level
 * language, indented by depth, as BCC's uflow. */
#include "cmd/lang.h"
#include "probes/uflow.skel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probes/uflow.h"

#define UFLOW_LANGS                                                                                      \
	(LANG_BIT(LANG_JAVA) | LANG_BIT(LANG_PERL) | LANG_BIT(LANG_PHP) | LANG_BIT(LANG_PYTHON) |        \
	 LANG_BIT(LANG_RUBY) | LANG_BIT(LANG_TCL))

static bool on[LANG_COUNT], ruby_c, python_line;

#define FLOW(id, lang, provider, entry, ret)                                                             \
	LANG_USDT(#lang " method entry", provider, entry, #lang "_entry", &on[id]),                      \
	LANG_USDT(#lang " method return", provider, ret, #lang "_return", &on[id])

/* BCC's: Tcl's proc__args for the entry (it has the arguments), Ruby's
 * C methods too. */
static const struct probe_spec probes[] = {
	FLOW(LANG_JAVA, java, "hotspot", "method__entry", "method__return"),
	FLOW(LANG_PERL, perl, "perl", "sub__entry", "sub__return"),
	FLOW(LANG_PHP, php, "php", "function__entry", "function__return"),
	FLOW(LANG_PYTHON, python, "python", "function__entry", "function__return"),
	LANG_USDT("python line", "python", "line", "python_line", &python_line),
	FLOW(LANG_RUBY, ruby, "ruby", "method__entry", "method__return"),
	LANG_USDT("ruby C method entry", "ruby", "cmethod__entry", "rubyc_entry", &ruby_c),
	LANG_USDT("ruby C method return", "ruby", "cmethod__return", "rubyc_return", &ruby_c),
	FLOW(LANG_TCL, tcl, "tcl", "proc__args", "proc__return"),
};

static const char *language, *class_prefix, *method_prefix;
static bool verbose;
static pid_t pid;
static int lang;

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language, "language to trace: java, perl, php, python, ruby, tcl"),
	OPT_STRING('M', "method", "METHOD", &method_prefix, "trace only calls to methods starting with this prefix"),
	OPT_STRING('C', "class", "CLASS", &class_prefix, "trace only calls to classes starting with this prefix"),
	OPT_FLAG('v', "verbose", &verbose, "verbose mode: print the USDT probes attached to (for debugging purposes)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	error_t err = lang_args(key, arg, state, &pid, NULL, "uflow [-l LANG] pid");
	if (key != ARGP_KEY_END || err)
		return err;
	size_t lc = class_prefix ? strlen(class_prefix) : 0, lm = method_prefix ? strlen(method_prefix) : 0;
	return args_refuse(lc >= LANG_NAME_LEN || lm >= LANG_NAME_LEN, "-C and -M take at most %d characters",
			   LANG_NAME_LEN - 1);
}

static int set_prefix(struct tracer *t, const char *var, const char *len_var, const char *prefix)
{
	char buf[LANG_NAME_LEN] = "";
	if (!prefix)
		return 0;
	snprintf(buf, sizeof(buf), "%s", prefix);
	return tracer_set_rodata(t, var, buf, sizeof(buf)) ?: tracer_set_rodata_uint(t, len_var, strlen(prefix));
}

static int configure(struct tracer *t)
{
	lang = lang_choose(language, UFLOW_LANGS, pid);
	if (lang < 0)
		return lang;
	on[lang] = true;
	ruby_c = lang == LANG_RUBY;
	python_line = lang == LANG_PYTHON;
	int err = lang_check_specs(lang, lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	if (err)
		return err;
	if (verbose)
		lang_print_sites(lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	err = set_prefix(t, "class_prefix", "class_len", class_prefix) ?:
	      set_prefix(t, "method_prefix", "method_len", method_prefix);
	if (err)
		log_err("internal error: cannot set the -C/-M prefixes: %s", strerror(-err));
	return err;
}

static void header(void)
{
	record_status("Tracing method calls in %s process %d... Ctrl-C to quit.", langs[lang].name, pid);
	if (lang == LANG_RUBY)
		record_status("%s", LANG_RUBY_HINT);
}

/* BCC's: two spaces a level below the first, the direction, CLASS.METHOD. */
static void method_col(const struct record_column *c, const void *rec, size_t size)
{
	(void)size;
	const struct uflow_event *e = rec;
	__u64 depth = e->depth & ~UFLOW_RETURN;
	char buf[2 * 64 + 2 * LANG_NAME_LEN + 8];
	int off = 0;
	for (__u64 i = 1; i < depth && off < 128; i++)
		off += snprintf(buf + off, sizeof(buf) - off, "  ");
	snprintf(buf + off, sizeof(buf) - off, "%s%.*s.%.*s", e->depth & UFLOW_RETURN ? "<- " : "-> ", LANG_NAME_LEN,
		 e->m.clazz, LANG_NAME_LEN, e->m.method);
	rec_col_str(c, buf);
}

static const struct record_column columns[] = {
	COL(struct uflow_event, cpu, "CPU", "%-3u "),
	COL(struct uflow_event, pid, "PID", "%-6u "),
	COL(struct uflow_event, tid, "TID", "%-6u "),
	COL_ELAPSED("TIME(us)", "%-8.3f ", .key = "time_s"),
	COL_CALL("METHOD", "%s", method_col, .hfmt = "%s"),
	{ 0 },
};

DECLARE_TOOL(uflow, .category = "languages", .summary = "Trace method execution flow in high-level languages",
	     .shape = TOOL_EVENTS, .takes = TOOL_JSON | TOOL_BUFFER, .bound = options, .parse = parse, .args_doc = "pid",
	     .long_verbose = true, TOOL_PROBES(probes), .configure = configure, .header = header, .columns = columns,
	     .event_size = sizeof(struct uflow_event),
	     .examples = "  uflow -l java 185                # trace Java method calls in process 185\n"
			 "  uflow -l ruby 134                # trace Ruby method calls in process 134\n"
			 "  uflow -M indexOf -l java 185     # trace only 'indexOf'-prefixed methods\n"
			 "  uflow -C '<stdin>' -l python 180 # trace only REPL-defined methods\n"
			 "  javaflow 185                     # the same as uflow -l java 185");

#define FLOW_ALIAS(lang) { #lang "flow", "uflow", { "-l", #lang } }
TOOL_ALIASES(uflow, FLOW_ALIAS(java), FLOW_ALIAS(perl), FLOW_ALIAS(php), FLOW_ALIAS(python), FLOW_ALIAS(ruby),
	     FLOW_ALIAS(tcl));
