/* The command table: every tool and subcommand registers itself with one
 * record.  The records land in one linker section, so the table is plain
 * data that `bpfkit list`, dispatch and --install all read, and adding a
 * tool never means editing a central file.
 *
 * A tool is a declaration at the end of its file (DECLARE_TOOL): its name
 * (once), category and summary, the common options it takes, its own
 * options and examples, its probe specs and its hooks.  Core parses and
 * checks the command line, opens the tool's skeleton (probes/NAME.skel.h),
 * writes the common options into its rodata by convention, and runs the
 * tool's shape (core/toolrun.c).  Tools that fit no shape (trace, argdist,
 * sym, the subcommands) give a plain main with BPFKIT_TOOL. */
#ifndef BPFKIT_CORE_TOOL_H
#define BPFKIT_CORE_TOOL_H
/* What a declared tool's file uses besides: its options' parsers, the
 * printers of its lines, the engine. */
#include "core/args.h"
#include "core/log.h"
#include "core/metrics/sink.h"
#include "core/output.h"
#include "core/pattern.h"
#include "core/record.h"
#include "core/tracer.h"

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* How a declared tool runs once it is tracing. */
enum tool_shape {
	TOOL_MAIN,     /* a plain main */
	TOOL_EVENTS,   /* a header, then a line per event (.header, .event) */
	/* A summary every interval (.header, .interval or .hist), after
	 * count of them, -d, or Ctrl-C; with .event the records of the
	 * event stream meanwhile. */
	TOOL_INTERVAL,
	TOOL_STACKS, /* counted stacks: the family's runner (.run) */
};

/* The common options a tool takes (.takes): core parses and checks them,
 * keeps their values in tool_args and, for -p, -t, -x and -s, writes them
 * into the object's rodata variables of the conventional name, which the
 * object must have. */
enum {
	TOOL_PID = 1 << 0,	  /* -p PID: rodata targ_tgid */
	TOOL_TID = 1 << 1,	  /* -t TID: rodata targ_tid */
	TOOL_FAILED = 1 << 7,	  /* -x: rodata failed_only */
	TOOL_SIGNALS = 1 << 8,	  /* -s SIGNALS: rodata int signals[TOOL_MAX_SIGNALS] */
	TOOL_DURATION = 1 << 2,	  /* -d SECONDS */
	TOOL_JSON = 1 << 3,	  /* -j: output_mode = OUTPUT_JSON (core/output.h) */
	TOOL_BUFFER = 1 << 4,	  /* -b PAGES: the event buffer */
	TOOL_SELF = 1 << 5,	  /* --include-self */
	TOOL_CONTAINERS = 1 << 6, /* --cgroupmap PATH, --mntnsmap PATH */
	/* What every event tool takes. */
	TOOL_EVENT_OPTIONS = TOOL_DURATION | TOOL_JSON | TOOL_BUFFER,
};

/* The interval shape's common options, in a block of their own. */
enum {
	TOOL_INTERVAL_COUNT = 1 << 16, /* BCC's positional [interval [count]] */
	TOOL_INTERVAL_OPTION = 1 << 17, /* -i INTERVAL (syscount) */
	TOOL_TIMESTAMP = 1 << 18,	/* -T: tool_interval_head() prints the time */
	TOOL_CPU = 1 << 19,		/* -c CPU: rodata int targ_cpu (-1: any) */
	TOOL_MILLIS = 1 << 20,		/* -m: rodata bool millis, histograms in msecs */
	TOOL_PER_PID = 1 << 21,		/* -P: rodata __u32 key_by = TOOL_BY_PID */
	TOOL_PER_TID = 1 << 22,		/* -L: rodata __u32 key_by = TOOL_BY_TID */
	/* What a log2 histogram tool (.hist) takes, as BCC's runqlat. */
	TOOL_HIST_OPTIONS = TOOL_JSON | TOOL_INTERVAL_COUNT | TOOL_TIMESTAMP | TOOL_MILLIS | TOOL_PER_PID |
			    TOOL_PER_TID,
};

/* tool_args.key_by: what a histogram is kept per (probes keep the same
 * numbers); a tool's own options may add their own after these. */
enum { TOOL_BY_NONE, TOOL_BY_PID, TOOL_BY_TID };

#define TOOL_MAX_SIGNALS 8

/* A tool's own option bound to the variable it sets, parsed and checked by
 * core (core/toolargs.c): the argp option, what kind of value it takes,
 * where it goes, and for some a flag saying it was given. */
enum tool_option_kind {
	TOPT_FLAG,   /* bool *target = true */
	TOPT_SET,    /* int *target = value (one of several options choosing) */
	TOPT_PID,    /* pid_t *target: a live process, `what` in messages */
	TOPT_UID,    /* unsigned *target: a UID or user name */
	TOPT_ULONG,  /* unsigned long *target in [min, max] */
	TOPT_STRING, /* const char **target */
	TOPT_REGEX,  /* regex_t *target, POSIX extended, REG_NOSUB */
	TOPT_SECONDS, /* unsigned long *target: milliseconds, given in seconds (0.5) */
	/* unsigned long long *target |= a named constant starting with `what`
	 * (core/constants.h: O_WRONLY), any case; repeatable. */
	TOPT_MASK,
};

struct tool_option {
	struct argp_option argp;
	enum tool_option_kind kind;
	void *target;
	bool *given; /* set when the option is given, where the tool asks */
	int value;
	unsigned long min, max;
	const char *what;
	/* The BPF object's rodata variable the value goes into before load:
	 * always, or only when given for options with a `given` flag. */
	const char *rodata;
};

/* Trailing designators add to any of them: OPT_FLAG(..., .rodata = "x"). */
#define OPT_FLAG(key, name, target, doc, ...) { { name, key, NULL, 0, doc, 0 }, TOPT_FLAG, target, __VA_ARGS__ }
#define OPT_SET(key, name, target, val, doc, ...)                                      \
	{ { name, key, NULL, 0, doc, 0 }, TOPT_SET, target, .value = (val), __VA_ARGS__ }
#define OPT_PID(key, name, arg, what_, target, doc, ...)                               \
	{ { name, key, arg, 0, doc, 0 }, TOPT_PID, target, .what = what_, __VA_ARGS__ }
#define OPT_UID(key, name, arg, target, given_, doc, ...)                              \
	{ { name, key, arg, 0, doc, 0 }, TOPT_UID, target, .given = given_, __VA_ARGS__ }
#define OPT_ULONG(key, name, arg, target, min_, max_, doc, ...)                        \
	{ { name, key, arg, 0, doc, 0 },                                               \
	  TOPT_ULONG,                                                                  \
	  target,                                                                      \
	  .min = (min_),                                                               \
	  .max = (max_),                                                               \
	  .what = "--" name,                                                           \
	  __VA_ARGS__ }
#define OPT_STRING(key, name, arg, target, doc, ...) { { name, key, arg, 0, doc, 0 }, TOPT_STRING, target, __VA_ARGS__ }
#define OPT_REGEX(key, name, arg, target, given_, doc, ...)                            \
	{ { name, key, arg, 0, doc, 0 }, TOPT_REGEX, target, .given = given_, __VA_ARGS__ }
#define OPT_MASK(key, name, arg, target, prefix, doc, ...)                             \
	{ { name, key, arg, 0, doc, 0 }, TOPT_MASK, target, .what = prefix, __VA_ARGS__ }
/* BCC's -d DURATION and -i INTERVAL where a tool spells them its own way
 * (funccount, stackcount): into tool_args.duration_ms, .interval_ms. */
#define OPT_SECONDS(key, name, arg, target, doc, ...)                                  \
	{ { name, key, arg, 0, doc, 0 }, TOPT_SECONDS, target, .what = name, __VA_ARGS__ }

/* The stack tools' common options (profile, offcputime, stackcount, ...),
 * parsed here once for all of them into tool_stack_args; the family's code
 * (cmd/stacktool.c) configures the programs and prints from them. */
enum {
	TOOL_TARGETS = 1 << 9,	      /* -p PIDS / -t TIDS: lists, one or the other */
	TOOL_STACK_SPACE = 1 << 10,   /* -U / -K: user or kernel stacks only */
	TOOL_FOLDED = 1 << 11,	      /* -f: output_mode = OUTPUT_FOLDED (not with -j) */
	TOOL_STACK_STORAGE = 1 << 12, /* --stack-storage-size SIZE */
	TOOL_DURATION_ARG = 1 << 13,  /* [duration]: seconds, the first positional */
};
#define TOOL_MAX_TARGETS 64
struct tool_stack_args {
	pid_t targets[TOOL_MAX_TARGETS];
	int ntargets;
	bool by_tid;		     /* -t: targets are thread IDs */
	bool user_only, kernel_only; /* -U, -K */
	unsigned long stack_storage; /* default 16384 */
};
extern struct tool_stack_args tool_stack_args;
/* -p's or -t's list, for a tool with another letter for it (profile -L). */
int tool_stack_targets(const char *arg, bool by_tid);

/* Tools that attach their probes themselves, from BCC's PATTERN argument
 * (funccount, stackcount): core parses it (with -r, as regexes) with the
 * options, resolves it (for -p's process) before .configure, turns on the
 * programs its points need (core/attach.h), attaches them once loaded
 * (first printing the programs for a tool's debug option), before
 * .started, and detaches them after .end. */
enum { TOOL_PATTERN = 1 << 23 };
/* With TOOL_PATTERN: several PATTERN arguments (BCC's funcslower takes
 * "function [function ...]"), their points in one array, in order. */
enum { TOOL_PATTERNS = 1 << 25 };
#define TOOL_MAX_PATTERNS 16
/* --exec CMD...: core/runcmd.h's command, forked before load so its PID is
 * -p's, released once the header is out, its exit the end of the run. */
enum { TOOL_EXEC = 1 << 24 };
struct tool_pattern {
	const char *spec; /* as given (the first, with TOOL_PATTERNS) */
	bool regex;	  /* -r */
	bool debug;	  /* bound by the tool (funccount -D, stackcount --debug) */
	struct pattern pat; /* spec's; a copy of pats[0] */
	/* Every pattern given, and which one each point came from. */
	const char *specs[TOOL_MAX_PATTERNS];
	struct pattern pats[TOOL_MAX_PATTERNS];
	int nspecs;
	int *spec_of; /* spec_of[i]: pts[i]'s index in specs */
	struct attach_point *pts; /* pts[i] is BPF cookie i */
	int n;
	int attached; /* n less the kernel functions the kernel refused */
};
extern struct tool_pattern tool_pattern;
struct tool;
/* core/toolpattern.c's steps, for core/toolargs.c and core/toolrun.c;
 * each does nothing for a tool that does not take TOOL_PATTERN. */
error_t tool_pattern_arg(const struct tool *t, char *arg);
error_t tool_pattern_end(const struct tool *t);
int tool_pattern_resolve(const struct tool *t, struct tracer *tr);
int tool_pattern_attach(const struct tool *t, struct tracer *tr);
void tool_pattern_free(void);
/* The status line: "Tracing N functions for "PATTERN"... Hit Ctrl-C to end." */
void tool_pattern_status(void);
/* The interval tools' status line: "Tracing... Output every N secs. Hit
 * Ctrl-C to end" (BCC's biotop, tcptop, filetop), N from the interval. */
void tool_interval_status(void);

struct tool_args {
	pid_t pid, tid;
	bool has_tid; /* -t given: for a column's .when/.unless (PID or TID) */
	bool failed;
	int signals[TOOL_MAX_SIGNALS]; /* 0 after the last; none: any */
	unsigned long duration_ms; /* 0: until Ctrl-C */
	/* The interval shape's: interval_ms starts as the tool's .interval_ms. */
	unsigned long interval_ms, count; /* count 0: no limit */
	bool timestamp, millis;
	int cpu; /* -1: every CPU */
	int key_by; /* TOOL_BY_*, or the tool's own after them */
};
extern struct tool_args tool_args;

/* A perf event that runs one of the tool's programs on every CPU (or one):
 * hardware counters (llcstat), timed samples (runqlen).  Core attaches it
 * once the programs are loaded, before .started, and detaches it after
 * .end.  Every *period events, or *freq times a second where freq is set
 * and not 0. */
struct tool_sample {
	const char *prog;
	uint32_t type;
	uint64_t config;
	const char *what; /* in messages: "cache-misses" */
	const unsigned long *freq, *period;
	const long *cpu; /* NULL or -1: every CPU */
};
#define TOOL_MAX_SAMPLES 2
/* cpu-clock, BPF program prog: SAMPLE_CPU_CLOCK("sample", .freq = &hz). */
#define SAMPLE_CPU_CLOCK(prog_, ...) { .prog = (prog_), .type = 1 /* PERF_TYPE_SOFTWARE */, .config = 0, .what = "cpu-clock", __VA_ARGS__ }


struct tool {
	const char *name;
	const char *category; /* groups `bpfkit list`; see tool_categories[] */
	const char *summary;  /* one line, no trailing period; help's first line */
	int (*main)(int argc, char **argv);
	/* Subcommands of bpfkit itself (list, features, sym) are not installed
	 * as symlinks. */
	int builtin;

	/* The rest belongs to declared tools. */
	enum tool_shape shape;
	/* Words the help adds after the summary: "(default 10000 us)". */
	const char *summary_note;
	unsigned takes; /* TOOL_PID | ... */
	/* BCC's wording of a common option, where it is not the usual one. */
	struct {
		const char *pid, *tid, *failed, *signals, *duration;
		/* The interval shape's; with .hist, -j's default is BCC's
		 * "Print histograms as JSON, one object per line". */
		const char *json, *cpu;
		/* TOOL_PATTERN: the first example of "a pattern is needed, e.g.
		 * ...". */
		const char *pattern;
		/* The help's first line where BCC's is not the summary; the
		 * paragraphs after the options, before the examples. */
		const char *summary, *after;
	} help;
	/* The tool's own options.  Its parser gets what core does not take,
	 * and an argument it does not take (ARGP_KEY_ARG left unknown) is
	 * refused.  A tool with its own -v keeps --verbose long only. */
	const struct argp_option *options;
	argp_parser_t parse;
	/* Options bound to the variables they set (OPT_FLAG, OPT_PID, ...):
	 * core parses and checks them, so most tools need no parser. */
	const struct tool_option *bound;
	const char *args_doc; /* "[min_us]" */
	/* TOOL_PATTERN with the pattern fixed by the tool (vfscount's
	 * 'vfs_*'): no PATTERN argument and no -r. */
	const char *pattern;
	const char *examples; /* lines after "Examples:" */

	/* A plain command's help and options (tool_parse_plain): its whole
	 * argp doc, the option groups it adds, argp's flags. */
	const char *doc;
	enum { TOOL_GROUPS_COMMON, TOOL_GROUPS_HELP, TOOL_GROUPS_HELP_VERBOSE } groups;
	unsigned argp_flags;

	int (*open)(struct tracer *t); /* DECLARE_TOOL's: the skeleton */
	const struct probe_spec *probes;
	int nprobes;
	struct tool_sample samples[TOOL_MAX_SAMPLES];
	/* The run's length without -d or [duration] (llcstat: 10 s); 0: until
	 * Ctrl-C. */
	unsigned long duration_ms;

	/* Hooks, each optional unless its shape needs it; those returning int
	 * return 0 or a negative errno after printing why. */
	/* Rodata from options, before load; 1: nothing to trace, exit 0
	 * (syscount -l). */
	int (*configure)(struct tracer *t);
	int (*started)(struct tracer *t);   /* attached: what specs cannot attach */
	/* Tracing: the status line, the column header.  With .columns core
	 * prints the header after .header (a status line) and each event's
	 * row, unless .event prints it (to filter: record_row() for those it
	 * keeps). */
	void (*header)(void);
	/* A status line that needs no code ("Tracing... Hit Ctrl-C to
	 * end."), printed before .header. */
	const char *status;
	const struct record_column *columns;
	/* Where *counting (tcpconnect -c): no column header; the rows are
	 * the table .table prints once the run traced and ended. */
	const bool *counting;
	int (*table)(struct tracer *t);
	int (*event)(const void *data, size_t size);
	size_t event_size; /* shorter records are dropped */
	int (*interval)(struct tracer *t, bool last);
	unsigned long interval_ms;
	/* The interval shape's work between summaries, every tick_ms
	 * (default 1000): a summary on request (biolatpcts' SIGUSR1). */
	void (*tick)(struct tracer *t);
	unsigned long tick_ms;
	/* The interval shape's histograms, when it has no .interval: the
	 * BPF map of probes/lib/hist.h histograms that core/histmap.h prints
	 * and clears every interval, the name of a section by key_by (NULL:
	 * one histogram), and the section's label (default: the key). */
	struct {
		const char *map;
		const char *const *sections;
		void (*label)(uint32_t key, const char comm[16], char *buf, size_t len);
		const char *val_type; /* the unit (default usecs, msecs with -m) */
		const bool *nanos;    /* where it points to true: nsecs (BCC's -N) */
	} hist;
	/* --prometheus (core/metrics/): what the numbers of the tool's
	 * summary are as metrics, a { 0 } after the last (TOOL_METRICS).
	 * Interval tools with .hist need none: their histograms are served
	 * as bpfkit_TOOL_seconds (or _bytes) unless a "hist" entry names
	 * them. */
	const struct tool_metric *metrics;
	/* After the run, or after anything failed once the skeleton was
	 * open: what the tool still has to finish or free. */
	int (*end)(struct tracer *t);

	/* Shapes whose runner lives with their family (TOOL_STACKS: cmd/
	 * stacktool.h's DECLARE_STACK_TOOL fills these).  Option groups the
	 * family's tools share, parsed with the tool's own; the family's
	 * configure, before the tool's; the runner, once attached; what the
	 * family's code (cmd/stacktool.c, cmd/irqstat.c through
	 * tool_current->family_data) needs to know of the tool. */
	const struct argp *family[6];
	int (*family_configure)(const struct tool *tool, struct tracer *t);
	int (*run)(const struct tool *tool, struct tracer *t);
	const void *family_data;
	/* BCC's wording of the stack options, where it is not the usual one. */
	struct {
		const char *user_only, *kernel_only;
		const char *json; /* TOOL_STACKS: "One JSON object per stack ..." */
	} stack_help;
	bool long_verbose; /* --verbose only, without -v */
};

/* A plain command: BPFKIT_TOOL(name, .name = "name", .main = ...). */
#define BPFKIT_TOOL(id, ...)                                                   \
	static const struct tool bpfkit_tool_##id                              \
		__attribute__((used, section("bpfkit_tools"), aligned(8))) = { \
			__VA_ARGS__                                            \
		}

/* A declared tool, named id, whose BPF object is probes/id.skel.h:
 * DECLARE_TOOL(killsnoop, .category = "process", ...). */
#define DECLARE_TOOL(id, ...)                                                             \
	static int id##_open_skeleton(struct tracer *t)                                   \
	{                                                                                 \
		struct id##_bpf *s = tracer_opened(id##_bpf__open());                     \
		if (!s)                                                                   \
			return -1;                                                        \
		t->skeleton = s->skeleton, t->obj = s->obj, t->skel = s;                  \
		return 0;                                                                 \
	}                                                                                 \
	static int id##_main(int argc, char **argv)                                       \
	{                                                                                 \
		return tool_run(tool_find(#id), argc, argv);                              \
	}                                                                                 \
	BPFKIT_TOOL(id, .name = #id, .main = id##_main, .open = id##_open_skeleton, __VA_ARGS__)

/* An event tool's rows: its columns and the record (a type) they read. */
#define TOOL_COLUMNS(cols, type) .columns = (cols), .event_size = sizeof(type)

/* .probes and .nprobes from one array. */
#define TOOL_PROBES(specs) .probes = (specs), .nprobes = sizeof(specs) / sizeof((specs)[0])

/* Another name of a declared tool, with arguments put before the user's:
 * BCC's per-language commands (javacalls is ucalls -l java).  Dispatch,
 * `bpfkit list` and --install read them as they read the tools; a tool's
 * file lists its own: TOOL_ALIASES(ucalls, { "javacalls", "ucalls", { "-l",
 * "java" } }, ...). */
#define TOOL_ALIAS_MAX_ARGS 3
struct tool_alias {
	const char *name;
	const char *tool;
	const char *args[TOOL_ALIAS_MAX_ARGS]; /* NULL after the last */
};
#define TOOL_ALIASES(id, ...)                                                             \
	static const struct tool_alias bpfkit_aliases_##id[]                              \
		__attribute__((used, section("bpfkit_aliases"), aligned(8))) = { __VA_ARGS__ }
/* Weak: a build with no aliases has no such section. */
extern const struct tool_alias __start_bpfkit_aliases[] __attribute__((weak));
extern const struct tool_alias __stop_bpfkit_aliases[] __attribute__((weak));
#define for_each_tool_alias(a)                                                 \
	for (const struct tool_alias *a = __start_bpfkit_aliases; a < __stop_bpfkit_aliases; a++)
const struct tool_alias *tool_alias_find(const char *name);

extern const struct tool __start_bpfkit_tools[];
extern const struct tool __stop_bpfkit_tools[];

#define for_each_tool(t)                                                       \
	for (const struct tool *t = __start_bpfkit_tools; t < __stop_bpfkit_tools; t++)

const struct tool *tool_find(const char *name);

/* Categories in the order `bpfkit list` prints them. */
extern const char *const tool_categories[];

/* A declared tool's whole life (core/toolrun.c): the process exit status,
 * 2 for bad usage, 1 after an error was printed. */
int tool_run(const struct tool *t, int argc, char **argv);
/* Its command line (core/toolargs.c): 0, or an error already printed. */
int tool_parse_args(const struct tool *t, int argc, char **argv);
/* A plain command's line, from its declaration's .doc, .bound, .options,
 * .parse, .args_doc and .groups (-h only, -h and --verbose, or the common
 * --verbose and --ebpf): 0, or an error already printed. */
int tool_parse_plain(const char *name, int argc, char **argv);
/* The declared tool tool_run() runs. */
extern const struct tool *tool_current;

/* Before an interval's summary: a blank line, then with -T the time of
 * day, on out (NULL: nothing, as BCC's histogram tools print with -j);
 * hms gets that time, for the summary's JSON objects. */
void tool_interval_head(FILE *out, char hms[16]);
/* The .hist histograms, after tool_interval_head(): 0 or -errno. */
int tool_print_hists(struct tracer *t);

#endif
