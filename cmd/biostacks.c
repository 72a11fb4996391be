/* biostacks: block I/O latency per process and the kernel stack that
 * queued the I/O, as libbpf-tools' biostacks. */
#include "core/disks.h"
#include "core/histmap.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "histo/histo.h"
#include "histo/json.h"
#include "probes/biostacks.skel.h"

#include <stdlib.h>
#include <string.h>

#include "probes/lib/hist.h"
#include "probes/biostacks.h"

static const struct probe_spec probes[] = {
	BLOCK_PROBE_START(),
	BLOCK_PROBE_COMPLETE(),
};

static const char *disk;
static struct symbols *syms;

static const struct tool_option options[] = {
	OPT_STRING('d', "disk", "DISK", &disk, "Trace this disk only"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	syms = symbols_open(NULL);
	return block_configure(t, disk);
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

static void header(void)
{
	record_status("Tracing block I/O with init stacks. Hit Ctrl-C to end.");
}

struct row {
	struct biostacks_key k;
	struct hist h;
};

static void print_row(const struct row *r, const char *unit)
{
	int n = r->k.stack_size > 0 ? r->k.stack_size / 8 : 0;
	const char *names[BIOSTACKS_DEPTH];
	n = n > BIOSTACKS_DEPTH ? BIOSTACKS_DEPTH : n;
	for (int i = 0, kept = 0; i < n; i++) {
		names[kept] = "Unknown";
		symbols_kernel(syms, r->k.stack[i], &names[kept], 1);
		/* The stack is taken inside the tracepoint: its own frames
		 * (the program, the tracepoint's runner) are not the caller's. */
		if (kept || (strncmp(names[kept], "bpf_prog_", 9) && strncmp(names[kept], "bpf_trace_run", 13) &&
			     strncmp(names[kept], "__bpf_trace_", 12)))
			kept++;
		if (i == n - 1)
			n = kept;
	}
	const char *dname = disk_name(r->k.dev, "Unknown");
	if (output_mode != OUTPUT_JSON) {
		printf("%-14.14s %-6u %-7s\n", r->k.comm, r->k.pid, dname);
		for (int i = 0; i < n; i++)
			printf("%s\n", names[i]);
		histo_print_log2(stdout, (const uint64_t *)r->h.slots, HIST_SLOTS, unit, false);
		printf("\n");
		return;
	}
	struct json j;
	int top = -1;
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_strn(&j, "comm", r->k.comm, sizeof(r->k.comm));
	json_u64(&j, "pid", r->k.pid);
	json_str(&j, "disk", dname);
	json_array(&j, "kernel_stack");
	for (int i = 0; i < n; i++)
		json_str(&j, NULL, names[i]);
	json_close(&j);
	json_str(&j, "val_type", unit);
	json_array(&j, "data");
	for (int i = 0; i < HIST_SLOTS; i++)
		top = r->h.slots[i] ? i : top;
	for (int i = 0; i <= top; i++) {
		json_object(&j, NULL);
		json_u64(&j, "interval-start", i ? 1ULL << i : 0);
		json_u64(&j, "interval-end", (2ULL << i) - 1);
		json_u64(&j, "count", r->h.slots[i]);
		json_close(&j);
	}
	json_line_end(&j);
}

static int summary(struct tracer *t, bool last)
{
	struct row *rows = NULL;
	int n = HISTMAP_TAKE(bpf_map__fd(((struct biostacks_bpf *)t->skel)->maps.hists), &rows, k, h);
	for (int i = 0; i < n; i++)
		print_row(&rows[i], tool_args.millis ? "msecs" : "usecs");
	fflush(stdout);
	free(rows);
	return n < 0 ? n : 0;
}

DECLARE_TOOL(biostacks, .category = "block", .summary = "Tracing block I/O with init stacks",
	     .shape = TOOL_INTERVAL, .takes = TOOL_JSON | TOOL_MILLIS | TOOL_DURATION_ARG,
	     .help = { .json = "One JSON object per process and stack" }, .bound = options, .args_doc = "[duration]",
	     TOOL_PROBES(probes), .configure = configure, .header = header, .interval = summary, .end = end,
	     .examples = "  biostacks              # trace block I/O with init stacks.\n"
			 "  biostacks 1            # trace for 1 seconds only\n"
			 "  biostacks -d sdc       # trace sdc only");
