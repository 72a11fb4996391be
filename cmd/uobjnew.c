/* uobjnew: one process's allocations by type, counted with their bytes, as
 * BCC's uobjnew: malloc() by block size for C, the runtime's USDT probes
 * for Java, Ruby and Tcl (cmd/lang.h). */
#include "cmd/lang.h"
#include "core/histmap.h"
#include "probes/uobjnew.skel.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probes/uobjnew.h"

#define UOBJNEW_LANGS (LANG_BIT(LANG_C) | LANG_BIT(LANG_JAVA) | LANG_BIT(LANG_RUBY) | LANG_BIT(LANG_TCL))

static bool on[LANG_COUNT];

#define RUBY(kind, probe) LANG_USDT("ruby " kind " create", "ruby", probe, "ruby_" kind, &on[LANG_RUBY])

static const struct probe_spec probes[] = {
	PROBE_UPROBE("malloc", "malloc", &lang_binary, .pid = &lang_pid, .when = &on[LANG_C]),
	LANG_USDT("java object alloc", "hotspot", "object__alloc", "java_alloc", &on[LANG_JAVA]),
	RUBY("object", "object__create"),
	RUBY("string", "string__create"),
	RUBY("hash", "hash__create"),
	RUBY("array", "array__create"),
	LANG_USDT("tcl object create", "tcl", "obj__create", "tcl_obj", &on[LANG_TCL]),
};

static const char *language;
static unsigned long top_count, top_size, interval_s;
static bool verbose;
static pid_t pid;
static int lang;

static const struct tool_option options[] = {
	OPT_STRING('l', "language", "LANG", &language, "language to trace: c, java, ruby, tcl"),
	OPT_ULONG('C', "top-count", "TOP_COUNT", &top_count, 1, 1000000,
		  "number of most frequently allocated types to print"),
	OPT_ULONG('S', "top-size", "TOP_SIZE", &top_size, 1, 1000000,
		  "number of largest types by allocated bytes to print"),
	OPT_FLAG('v', "verbose", &verbose, "verbose mode: print the probes attached to (for debugging purposes)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	error_t err = lang_args(key, arg, state, &pid, &interval_s, "uobjnew [-l LANG] pid [interval]");
	if (key == ARGP_KEY_END && !err)
		return args_refuse(top_count && top_size, "-C and -S each choose the rows: give one of them");
	return err;
}

static int configure(struct tracer *t)
{
	(void)t;
	lang = lang_choose(language, UOBJNEW_LANGS, pid);
	if (lang < 0)
		return lang;
	on[lang] = true;
	int err = lang_check_specs(lang, lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	if (err)
		return err;
	if (verbose && lang == LANG_C)
		printf("uprobe malloc in %s\n", lang_binary);
	if (verbose)
		lang_print_sites(lang_binary, probes, sizeof(probes) / sizeof(probes[0]));
	return 0;
}

static void header(void)
{
	record_status("Tracing allocations in process %d (language: %s)... Ctrl-C to quit.", pid, langs[lang].name);
	if (lang == LANG_JAVA && !lang_java_probes_on(pid, "DTraceAllocProbes"))
		record_status("If you do not see any results, make sure you ran java with option -XX:+ExtendedDTraceProbes");
}

struct row {
	struct uobjnew_key k;
	struct uobjnew_info v;
};

/* BCC's order: smallest first (bytes, or allocations with -C), so the top
 * rows are the last; ties by type, so equal rows print the same each run. */
static int by_value(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	__u64 vx = top_count ? x->v.num_allocs : x->v.total_size, vy = top_count ? y->v.num_allocs : y->v.total_size;
	if (vx != vy)
		return vx < vy ? -1 : 1;
	return x->k.size != y->k.size ? (x->k.size < y->k.size ? -1 : 1) : strncmp(x->k.name, y->k.name, LANG_NAME_LEN);
}

static int summary(struct tracer *t, bool last)
{
	(void)last;
	struct row *rows = NULL;
	int n = HISTMAP_TAKE(bpf_object__find_map_fd_by_name(t->obj, "allocs"), &rows, k, v);
	if (n < 0)
		return n;
	qsort(rows, n, sizeof(*rows), by_value);
	unsigned long top = top_count ? top_count : top_size;
	int from = top && (unsigned long)n > top ? n - (int)top : 0;
	if (output_mode != OUTPUT_JSON)
		printf("\n%-30s %8s %12s\n", "NAME/TYPE", "# ALLOCS", "# BYTES");
	for (int i = from; i < n; i++) {
		char name[LANG_NAME_LEN + 32];
		if (lang == LANG_C)
			snprintf(name, sizeof(name), "block size %llu", (unsigned long long)rows[i].k.size);
		else
			snprintf(name, sizeof(name), "%.*s", LANG_NAME_LEN, rows[i].k.name);
		rec_str("type", "%-30s ", name);
		rec_u64("allocs", "%8llu ", rows[i].v.num_allocs);
		rec_u64("bytes", "%12llu", rows[i].v.total_size);
		rec_end();
	}
	fflush(stdout);
	free(rows);
	return 0;
}

DECLARE_TOOL(uobjnew, .category = "languages", .summary = "Summarize object allocations in high-level languages",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON, .help.json = "One JSON object per row (a bpfkit addition)",
	     .bound = options, .parse = parse, .args_doc = "pid [interval]", .long_verbose = true, TOOL_PROBES(probes),
	     .configure = configure, .header = header, .interval = summary,
	     .examples = "  uobjnew -l java 145         # summarize Java allocations in process 145\n"
			 "  uobjnew -l c 2020 1         # grab malloc() sizes and print every second\n"
			 "  uobjnew -l ruby 6712 -C 10  # top 10 Ruby types by number of allocations\n"
			 "  uobjnew -l ruby 6712 -S 10  # top 10 Ruby types by total size\n"
			 "  javaobjnew 145              # the same as uobjnew -l java 145");

#define OBJNEW_ALIAS(lang) { #lang "objnew", "uobjnew", { "-l", #lang } }
TOOL_ALIASES(uobjnew, OBJNEW_ALIAS(c), OBJNEW_ALIAS(java), OBJNEW_ALIAS(ruby), OBJNEW_ALIAS(tcl));
