/* argdist: a histogram (-H) or a frequency count (-C) of the values an
 * expression takes at a function or tracepoint, as BCC's argdist; the specs
 * are compiled to BPF in-process (core/compiler/tracegen.c), no compiler needed. */
#include "core/args.h"
#include "core/compiler/dynprobe.h"
#include "core/log.h"
#include "core/loop.h"
#include "core/metrics/serve.h"
#include "core/metrics/sink.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/compiler/tracegen.h"
#include "core/tracer.h"
#include "core/compiler/tracespec.h"
#include "histo/histo.h"
#include "histo/json.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_PROBES 16
#define COUNT_ENTRIES 10240 /* keys per -C probe, as BCC's BPF_HASH */

struct spec_arg {
	const char *text;
	bool hist;
};

static struct opts {
	pid_t tgid, tid;
	unsigned long string_size, interval_ms, duration_ms, count, top;
	bool cumulative, has_top;
	struct spec_arg specs[MAX_PROBES];
	int nspecs;
	int last_kind; /* 0 none, 'C' or 'H': where a bare operand goes */
} o = { .string_size = 80, .interval_ms = 1000 };

static const struct argp_option options[] = {
	{ "pid", 'p', "PID", 0, "Id of the process to trace", 0 },
	{ "tid", 't', "TID", 0, "Id of the thread to trace", 0 },
	{ "string-size", 'z', "SIZE", 0, "Maximum string size to read from char* arguments (default 80)", 0 },
	{ "interval", 'i', "SECONDS", 0, "Output interval, in seconds (default 1)", 0 },
	{ "duration", 'd', "SECONDS", 0, "Total duration of trace, in seconds", 0 },
	{ "number", 'n', "COUNT", 0, "Number of outputs", 0 },
	{ "cumulative", 'c', NULL, 0, "Do not clear histograms and freq counts at each interval", 0 },
	{ "top", 'T', "TOP", 0, "Number of top results to show (not applicable to histograms)", 0 },
	{ "histogram", 'H', "SPECIFIER", 0, "Probe specifier to capture histogram of (see examples below)", 0 },
	{ "count", 'C', "SPECIFIER", 0, "Probe specifier to capture count of (see examples below)", 0 },
	{ "include", 'I', "HEADER", 0, "Not needed: bpfkit reads no C headers (refused with the reason)", 0 },
	{ "json", 'j', NULL, 0, "Print each summary as JSON, one object per probe per line", 0 },
	TOOL_METRICS_OPTIONS,
	{ 0 },
};

static int add_spec(const char *text, bool hist)
{
	if (o.nspecs == MAX_PROBES) {
		log_err("at most %d specifiers", MAX_PROBES);
		return EINVAL;
	}
	o.specs[o.nspecs++] = (struct spec_arg){ text, hist };
	return 0;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'p': return -args_pid(arg, "PID", &o.tgid);
	case 't': return -args_pid(arg, "TID", &o.tid);
	case 'z': return -args_ulong(arg, "string size", 1, 512, &o.string_size);
	case 'i': return -args_seconds(arg, "interval", &o.interval_ms);
	case 'd': return -args_seconds(arg, "duration", &o.duration_ms);
	case 'n': return -args_ulong(arg, "number of outputs", 1, ~0UL >> 1, &o.count);
	case 'c': o.cumulative = true; return 0;
	case 'T': o.has_top = true; return -args_ulong(arg, "top", 1, ~0UL >> 1, &o.top);
	case 'j': output_mode = OUTPUT_JSON; return 0;
	case 'I':
		log_err("-I %s: bpfkit needs no headers: struct types come from the kernel's BTF and the program's "
			"DWARF", arg);
		return EINVAL;
	case 'H':
	case 'C':
		o.last_kind = key;
		return add_spec(arg, key == 'H');
	case ARGP_KEY_ARG:
		/* BCC's -C and -H take several specifiers each. */
		if (!o.last_kind) {
			log_err("'%s': a specifier goes after -C (count) or -H (histogram)", arg);
			return EINVAL;
		}
		return add_spec(arg, o.last_kind == 'H');
	case ARGP_KEY_END:
		if (tool_metrics_check(o.interval_ms != 1000 || o.count))
			return EINVAL;
		if (tool_metrics_given() && (o.cumulative || o.has_top)) {
			log_err("--prometheus keeps every count, summed: not with -c or -T");
			return EINVAL;
		}
		return args_refuse(!o.nspecs, "at least one specifier is needed: -C or -H, e.g. -H 'p::__kmalloc(u64 size):u64:size'");
	}
	return tool_metrics_parse(key, arg);
}

static const struct argp_child children[] = ARGS_CHILDREN;
static const struct argp argp = {
	options, parse, NULL,
	"Trace a function and display a summary of its parameter values.\v"
	"Probe specifier syntax:\n"
	"  {p,r,t,u}:{[library],category}:function(signature)[:type[,type...]:expr[,expr...][:filter]][#label]\n"
	"  p,r,t,u    probe at function entry, function exit, kernel tracepoint, or USDT probe;\n"
	"             at an exit: $retval, $entry(param), $latency (ns since the entry)\n"
	"  library    the library or program holding the function (empty: the kernel)\n"
	"  category   the category of the kernel tracepoint (e.g. sched, block)\n"
	"  signature  the function's parameters, as in the C header\n"
	"  type       each expression's type: an integer type or char* (a string)\n"
	"  expr       the expressions to collect: arg1..arg6, parameters, args->FIELD,\n"
	"             $PID, $COMM, $uid, $cpu..., C operators and casts, STRCMP,\n"
	"             struct members (kernel BTF, the program's DWARF)\n"
	"  filter     an expression: events where it is 0 are not counted\n"
	"  label      the label for this probe in the output\n"
	"Examples:\n"
	"  argdist -H 'p::__kmalloc(u64 size):u64:size'\n"
	"  argdist -p 1005 -C 'p:c:malloc(size_t size):size_t:size:size==16'\n"
	"  argdist -C 'r::__vfs_read():u32:$PID:$latency > 100000'\n"
	"  argdist -H 'r::__vfs_read(void *file, void *buf, size_t count):size_t:$entry(count):$latency > 1000000'\n"
	"  argdist -p 1005 -H 'r:c:read()'\n"
	"  argdist -C 'p:c:fork()#fork calls'\n"
	"  argdist -H 't:block:block_rq_complete():u32:args->nr_sector'\n"
	"  argdist -C 't:irq:irq_handler_entry():int:args->irq'",
	children,
};

struct probe {
	struct dynprobe d;
	struct tg_argdist layout;
	const char *raw;
	bool hist;
	int table_fd, entry_fd;
};

static struct probe probes[MAX_PROBES];
static int nprobes;

/* BCC shows $entry(x) as plain x; the rest as written. */
static void expr_name(const char *text, char *buf, size_t len)
{
	size_t n = 0;
	while (*text == ' ')
		text++;
	for (const char *c = text; *c && n + 1 < len; c++) {
		if (!strncmp(c, "$entry(", 7)) {
			const char *close = strchr(c, ')');
			if (close) {
				for (c += 7; c < close && n + 1 < len; c++)
					buf[n++] = *c;
				continue;
			}
		}
		buf[n++] = *c;
	}
	while (n && buf[n - 1] == ' ')
		n--;
	buf[n] = 0;
}

/* What a key's value is called: its expression, or BCC's defaults. */
static void key_name(const struct probe *p, int k, char *buf, size_t len)
{
	const struct ts_probe *s = &p->d.spec;
	if (p->layout.default_expr)
		snprintf(buf, len, "%s", tracespec_is_return(s) ? "retval" : "total calls");
	else
		expr_name(s->expr_text[k], buf, len);
}

static const char *hist_label(const struct probe *p, char *buf, size_t len)
{
	if (p->d.spec.label)
		return p->d.spec.label;
	if (p->layout.default_expr)
		return "retval";
	expr_name(p->d.spec.expr_text[0], buf, len);
	return buf;
}

static void key_value(const struct tg_key *k, const uint8_t *key, char *buf, size_t len)
{
	if (k->string) {
		snprintf(buf, len, "%.*s", k->bytes, (const char *)key + k->offset);
		return;
	}
	uint64_t v;
	memcpy(&v, key + k->offset, sizeof(v));
	if (k->is_signed)
		snprintf(buf, len, "%" PRId64, (int64_t)v);
	else
		snprintf(buf, len, "%" PRIu64, v);
}

struct row {
	uint64_t count;
	uint8_t *key;
};

static int key_size_cmp;
static int by_count(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return memcmp(x->key, y->key, key_size_cmp);
}

/* Every key with its count; the entries are taken out of the map unless
 * the counts are cumulative. */
static int read_counts(struct probe *p, struct row **out, uint8_t **base)
{
	size_t ks = p->layout.key_size, n = 0, cap = 64;
	uint8_t *keys = malloc(cap * ks), *prev = NULL;
	if (!keys)
		return -ENOMEM;
	while (!bpf_map_get_next_key(p->table_fd, prev, keys + n * ks)) {
		prev = keys + n * ks;
		if (++n == cap) {
			uint8_t *k = realloc(keys, 2 * cap * ks);
			if (!k) {
				free(keys);
				return -ENOMEM;
			}
			keys = k;
			cap *= 2;
			prev = keys + (n - 1) * ks;
		}
	}
	struct row *rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		free(keys);
		return -ENOMEM;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t v;
		uint8_t *k = keys + i * ks;
		/* Taken and removed in one step, so no event lands in between. */
		int err = o.cumulative ? bpf_map_lookup_elem(p->table_fd, k, &v)
				       : bpf_map_lookup_and_delete_elem(p->table_fd, k, &v);
		if (err && !o.cumulative && (errno == EINVAL || errno == 524 /* ENOTSUPP */ || errno == EOPNOTSUPP)) {
			err = bpf_map_lookup_elem(p->table_fd, k, &v);
			if (!err)
				bpf_map_delete_elem(p->table_fd, k);
		}
		if (err)
			continue;
		rows[m++] = (struct row){ v, k };
	}
	*out = rows;
	*base = keys;
	return (int)m;
}

static void print_counts(struct probe *p, const char *ts)
{
	struct row *rows;
	uint8_t *keys;
	int n = read_counts(p, &rows, &keys);
	if (n < 0) {
		log_err("reading the counts of %s: %s", p->raw, strerror(-n));
		return;
	}
	/* A full table counts no new key: say so rather than show less. */
	if (n >= COUNT_ENTRIES)
		log_warn("%s: %d keys, the table is full: events with new keys were not counted", p->raw, n);
	key_size_cmp = p->layout.key_size;
	qsort(rows, n, sizeof(*rows), by_count);
	int first = o.has_top && (unsigned long)n > o.top ? n - (int)o.top : 0;
	const struct ts_probe *s = &p->d.spec;
	bool ret = tracespec_is_return(s);
	struct json j;
	if (metrics_sink_on) {
	} else if (output_mode == OUTPUT_JSON) {
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_str(&j, "ts", ts);
		json_str(&j, "probe", s->label ? s->label : p->raw);
		json_array(&j, "counts");
	} else {
		printf("%s\n\t%-10s %s\n", s->label ? s->label : p->raw, "COUNT", "EVENT");
	}
	for (int i = first; i < n; i++) {
		char val[600], name[256];
		if (metrics_sink_on) {
			rec_str("probe", NULL, s->label ? s->label : p->raw);
			for (int k = 0; k < p->layout.nkeys && !(p->layout.default_expr && !ret); k++) {
				key_name(p, k, name, sizeof(name));
				key_value(&p->layout.keys[k], rows[i].key, val, sizeof(val));
				rec_str(name, NULL, val);
			}
			rec_u64("count", NULL, rows[i].count);
			rec_end();
			continue;
		}
		if (output_mode == OUTPUT_JSON) {
			json_object(&j, NULL);
			json_u64(&j, "count", rows[i].count);
			json_object(&j, "key");
			for (int k = 0; k < p->layout.nkeys; k++) {
				key_name(p, k, name, sizeof(name));
				key_value(&p->layout.keys[k], rows[i].key, val, sizeof(val));
				if (p->layout.keys[k].string)
					json_str(&j, name, val);
				else
					json_raw(&j, name, val);
			}
			json_close(&j);
			json_close(&j);
			continue;
		}
		char line[4096];
		size_t off = 0;
		if (p->layout.default_expr && !ret) {
			snprintf(line, sizeof(line), "total calls");
		} else {
			line[0] = 0;
			for (int k = 0; k < p->layout.nkeys && off < sizeof(line); k++) {
				key_name(p, k, name, sizeof(name));
				key_value(&p->layout.keys[k], rows[i].key, val, sizeof(val));
				off += snprintf(line + off, sizeof(line) - off, "%s%s = %s", k ? ", " : "", name, val);
			}
		}
		printf("\t%-10" PRIu64 " %s\n", rows[i].count, line);
	}
	if (output_mode == OUTPUT_JSON && !metrics_sink_on)
		json_line_end(&j);
	free(keys);
	free(rows);
}

static void print_hist(struct probe *p, const char *ts)
{
	uint64_t slots[TG_HIST_SLOTS] = { 0 }, zero = 0;
	for (uint32_t i = 0; i < TG_HIST_SLOTS; i++) {
		bpf_map_lookup_elem(p->table_fd, &i, &slots[i]);
		if (!o.cumulative && slots[i])
			bpf_map_update_elem(p->table_fd, &i, &zero, BPF_ANY);
	}
	char buf[256];
	const char *label = hist_label(p, buf, sizeof(buf));
	if (metrics_sink_on)
		metrics_hist_log2(&(struct metric_label){ "probe", p->d.spec.label ? p->d.spec.label : p->raw }, 1, slots,
				  TG_HIST_SLOTS, label);
	else if (output_mode == OUTPUT_JSON)
		histo_json_log2(stdout, slots, TG_HIST_SLOTS, label, "probe", p->raw, ts);
	else
		histo_print_log2(stdout, slots, TG_HIST_SLOTS, label, false);
}

static int summary(void *ctx, bool last)
{
	/* BCC's argdist prints at the end of each interval only: Ctrl-C in
	 * the middle of one prints nothing more. */
	if (last && loop_exiting)
		return 0;
	char hms[16];
	output_hms(hms);
	if (output_mode != OUTPUT_JSON && !metrics_sink_on)
		printf("[%s]\n", hms);
	for (int i = 0; i < nprobes; i++) {
		if (probes[i].hist)
			print_hist(&probes[i], hms);
		else
			print_counts(&probes[i], hms);
	}
	fflush(stdout);
	return 0;
}

static int setup(struct probe *p, int index, int scratch, const struct tg_filters *f)
{
	char err[512];
	struct dynprobe *d = &p->d;
	if (tracespec_parse_argdist(p->raw, &d->spec, err, sizeof(err)) ||
	    tg_argdist_layout(&d->spec, p->hist, (int)o.string_size, &p->layout, err, sizeof(err)) ||
	    dynprobe_prepare(d, err, sizeof(err))) {
		log_err("%s: %s", p->raw, err);
		return -EINVAL;
	}
	char name[16];
	snprintf(name, sizeof(name), "argdist_%d", index);
	p->table_fd = p->hist ? bpf_map_create(BPF_MAP_TYPE_ARRAY, name, 4, 8, TG_HIST_SLOTS, NULL)
			      : bpf_map_create(BPF_MAP_TYPE_HASH, name, p->layout.key_size, 8, COUNT_ENTRIES, NULL);
	if (p->layout.needs_entry) {
		snprintf(name, sizeof(name), "argdist_e%d", index);
		p->entry_fd = bpf_map_create(BPF_MAP_TYPE_HASH, name, 4, TG_ENTRY_SIZE, COUNT_ENTRIES, NULL);
	}
	if (p->table_fd < 0 || (p->layout.needs_entry && p->entry_fd < 0)) {
		log_err("cannot create the maps for %s: %s", p->raw, strerror(errno));
		return -errno;
	}
	struct tg_filters site = *f;
	for (int k = 0; k < dynprobe_nprograms(d); k++) {
		site.usdt = dynprobe_site(d, k);
		if (tg_compile_argdist(&d->spec, &d->tp, &site, &p->layout, (int)o.string_size, scratch, p->table_fd,
				       p->entry_fd, dynprobe_program(d, k), err, sizeof(err))) {
			log_err("%s: %s", p->raw, err);
			return -EINVAL;
		}
	}
	if (p->layout.needs_entry && tg_compile_entry(&d->spec, f, p->entry_fd, &d->entry, err, sizeof(err))) {
		log_err("%s: %s", p->raw, err);
		return -EINVAL;
	}
	d->has_entry = p->layout.needs_entry;
	return dynprobe_load(d);
}

static int argdist_main(int argc, char **argv)
{
	if (args_parse_flags(&argp, argc, argv, ARGP_IN_ORDER, NULL))
		return 2;
	if (tracer_check_privilege())
		return 1;
	int rc = 1;
	int scratch = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "argdist_scratch", 4, TG_EVENT_MAX, 1, NULL);
	if (scratch < 0) {
		log_err("cannot create BPF maps: %s", strerror(errno));
		return 1;
	}
	struct tg_filters f = { .tgid = o.tgid, .tid = o.tid, .uid = -1, .type_pid = o.tgid };
	for (int i = 0; i < o.nspecs; i++) {
		struct probe *p = &probes[nprobes++];
		p->raw = o.specs[i].text;
		p->hist = o.specs[i].hist;
		p->table_fd = p->entry_fd = -1;
		if (setup(p, i, scratch, &f))
			goto out;
	}
	if (tracer_print_ebpf) {
		rc = 0;
		goto out;
	}
	/* Before anything is attached: a port in use leaves nothing behind. */
	const struct tool *self = tool_current = tool_find("argdist");
	if (tool_metrics_listen(self))
		goto out;
	for (int i = 0; i < nprobes; i++)
		if (dynprobe_attach(&probes[i].d, o.tgid))
			goto out;
	/* BCC's argdist says nothing here; ours says it on stderr in both
	 * modes, so stdout stays BCC's. */
	fprintf(stderr, "Tracing %d probe%s... Hit Ctrl-C to end.\n", nprobes, nprobes == 1 ? "" : "s");
	loop_install_signals();
	if (tool_metrics_given()) {
		metrics_sink_on = true;
		tool_args.duration_ms = o.duration_ms;
		rc = tool_metrics_run(self, NULL, NULL, summary, NULL) ? 1 : 0;
		goto out;
	}
	/* As BCC's, the output that ends the run is the first at or after the
	 * duration: -d is rounded up to whole intervals. */
	unsigned long duration = o.duration_ms ? (o.duration_ms + o.interval_ms - 1) / o.interval_ms * o.interval_ms : 0;
	struct loop l = {
		.interval_ms = o.interval_ms, .count = o.count, .duration_ms = duration, .summary = summary,
	};
	rc = loop_run(&l) ? 1 : 0;
out:
	tool_metrics_close();
	for (int i = 0; i < nprobes; i++) {
		dynprobe_close(&probes[i].d);
		if (probes[i].table_fd >= 0)
			close(probes[i].table_fd);
		if (probes[i].entry_fd >= 0)
			close(probes[i].entry_fd);
	}
	close(scratch);
	return rc;
}

BPFKIT_TOOL(argdist, .name = "argdist", .category = "debugging",
	    .summary = "Histograms and frequency counts of function arguments and return values",
	    .main = argdist_main,
	    TOOL_METRICS({ "count", "events_total", "Events counted per value of the expressions (-C), by probe" },
			 { "hist", "values", "Values of the expression (-H), by probe" }));
