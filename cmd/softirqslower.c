/* softirqslower: softirqs slow to run after being raised, or slow to run,
 * as BCC's and libbpf-tools' softirqslower. */
#include "core/softirqnames.h"
#include "core/tool.h"
#include "probes/softirqslower.skel.h"

#include "probes/softirqslower.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("softirq_raise", "raise"),
	PROBE_BTF_RAW("softirq_entry", "entry"),
	PROBE_BTF_RAW("softirq_exit", "exit"),
};

static unsigned long min_us = 10000;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	if (key != ARGP_KEY_ARG || state->arg_num)
		return ARGP_ERR_UNKNOWN;
	return -args_ulong(arg, "min_us", 0, ~0UL >> 1, &min_us);
}

static int configure(struct tracer *t)
{
	((struct softirqslower_bpf *)t->skel)->rodata->min_us = min_us;
	return 0;
}

static void header(void)
{
	record_status("Tracing softirq latency higher than %lu us... Hit Ctrl-C to end.", min_us);
}

static const char *stage_name(int stage)
{
	return stage == STAGE_RAISE_TO_ENTRY ? "irq(hard) to softirq" : stage == STAGE_ENTRY_TO_EXIT ? "softirq runtime" : 0;
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL(struct softirq_event, stage, "STAGE", "%-20s ", .name_of = stage_name),
	COL(struct softirq_event, vec, "SOFTIRQ", "%-8s ", .name_of = softirq_name),
	COL(struct softirq_event, delta_us, "LAT(us)", "%-14u "),
	COL(struct softirq_event, cpu, "CPU", "%-6u "),
	COL(struct softirq_event, comm, "COMM", "%s"),
	{ 0 },
};

DECLARE_TOOL(softirqslower, .category = "kernel", .summary = "Trace slow soft IRQ (interrupt)",
	     .summary_note = "(default 10000 us)", .shape = TOOL_EVENTS, .takes = TOOL_CPU | TOOL_EVENT_OPTIONS,
	     .help = { .cpu = "Trace this CPU only" }, .parse = parse, .args_doc = "[min_us]",
	     TOOL_PROBES(probes), .configure = configure, .header = header,
	     TOOL_COLUMNS(columns, struct softirq_event),
	     .examples = "  softirqslower        # trace softirq latency higher than 10000 us (default)\n"
			 "  softirqslower 100000 # trace softirq latency higher than 100000 us\n"
			 "  softirqslower -c 1   # trace softirq latency on CPU 1 only");
