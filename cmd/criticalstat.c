/* criticalstat: long sections with IRQs or preemption off, as BCC's
 * criticalstat: a section starts at preemptirq:irq_disable (or
 * preempt_disable with -p) and ends at the matching enable; those longer
 * than -d microseconds are printed with where they started and ended and
 * the kernel stack at the end.
 *
 * The preemptirq tracepoints exist only in kernels built with
 * CONFIG_PREEMPTIRQ_TRACEPOINTS (a debug option, off in distribution
 * kernels: this host's 6.18 and Debian's 5.10, 6.1 and 6.12 have none), so
 * the tool is tested for its refusal and for its programs passing the
 * verifier, not on a kernel that fires them. */
#include "core/btfproto.h"
#include "core/kallsyms.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/criticalstat.skel.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "probes/criticalstat.h"

static bool preemptoff, irqoff;
static bool use_irq = true, use_preempt; /* BCC's: -i wins over -p */
static unsigned long duration_us = 100;
static struct symbols *syms, *names;
static unsigned long long stext;

static const struct tool_option options[] = {
	OPT_FLAG('p', "preemptoff", &preemptoff, "Find long sections where preemption was off"),
	OPT_FLAG('i', "irqoff", &irqoff, "Find long sections where IRQ was off"),
	OPT_ULONG('d', "duration", "DURATION", &duration_us, 0, ~0UL / 1000, "Duration in uS (microseconds) below which we filter"),
	{ { 0 } },
};

/* Raw tracepoints first: their arguments are the addresses themselves. */
#define SECTION_END(event, prefix, flag)                                                                    \
	{ "preemptirq:" event,                                                                              \
	  { { PM_RAW_TP, prefix "_raw", event }, { PM_TRACEPOINT, prefix "_tp", "preemptirq:" event } }, \
	  .when = (flag) }
static const struct probe_spec probes[] = {
	SECTION_END("irq_disable", "disable", &use_irq),
	SECTION_END("irq_enable", "enable", &use_irq),
	SECTION_END("preempt_disable", "disable", &use_preempt),
	SECTION_END("preempt_enable", "enable", &use_preempt),
	{ "power:cpu_idle", { { PM_RAW_TP, "idle_raw", "cpu_idle" }, { PM_TRACEPOINT, "idle_tp", "power:cpu_idle" } } },
};

static int configure(struct tracer *t)
{
	struct criticalstat_bpf *skel = t->skel;
	static const char *const events[] = { "irq_disable", "irq_enable", "preempt_disable", "preempt_enable" };
	char missing[160] = "";
	use_preempt = preemptoff && !irqoff;
	use_irq = !use_preempt;
	if (!kernel_btf())
		return log_err("cannot tell whether this kernel has the preemptirq tracepoints: it has no BTF (/sys/kernel/btf/vmlinux)"),
		       -EOPNOTSUPP;
	for (unsigned i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!btf_tracepoint_proto(events[i]))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%spreemptirq:%s",
				 *missing ? ", " : "", events[i]);
	if (*missing)
		return log_err("this kernel has no %s tracepoints (built without CONFIG_PREEMPTIRQ_TRACEPOINTS: "
			       "CONFIG_TRACE_IRQFLAGS and CONFIG_TRACE_PREEMPT_TOGGLE enable it)",
			       missing),
		       -EOPNOTSUPP;
	skel->rodata->min_ns = duration_us * 1000;
	/* The classic tracepoint's addresses are offsets from _stext. */
	if (kallsyms_data_addr((const char *const[]){ "_stext", NULL }, "_stext", &stext))
		return log_err("cannot find _stext in /proc/kallsyms, which the section addresses are counted from"), -ENOENT;
	syms = symbols_open(&(struct symbols_opts){ .offsets = true });
	names = symbols_open(&(struct symbols_opts){ 0 });
	if (!syms || !names)
		return log_err("cannot open the kernel's symbols"), -ENOMEM;
	return 0;
}

static void header(void)
{
	printf("Finding critical section with %s disabled for > %luus\n", use_preempt ? "preempt" : "IRQ", duration_us);
	fflush(stdout);
}

static const char *name_of(const struct critical_event *e, int i)
{
	const char *frame = "[unknown]";
	uint64_t addr = e->rel ? stext + e->addrs[i] : e->addrs[i];
	return symbols_kernel(names, addr, &frame, 1) > 0 ? frame : "[unknown]";
}

/* BCC's block: the task and the section's length, where it started and
 * ended, the stack at its end; -j one object. */
static int on_event(const void *data, size_t size)
{
	const struct critical_event *e = data;
	int n = size < sizeof(*e) ? 0 : e->nkstack;
	if (n > CRITICALSTAT_STACK_DEPTH)
		n = CRITICALSTAT_STACK_DEPTH;
	const uint64_t *ips = (const uint64_t *)e->kstack;
	int first = stackfmt_first_kernel_frame(syms, ips, n);
	if (output_mode == OUTPUT_JSON) {
		char comm[17];
		snprintf(comm, sizeof(comm), "%.16s", e->comm);
		rec_str("comm", NULL, comm);
		rec_u64("pid", NULL, e->pid);
		rec_u64("tid", NULL, e->tid);
		rec_u64("cpu", NULL, e->cpu);
		rec_f64("total_us", NULL, e->time_ns / 1000.0);
		static const char *const keys[] = { "start_caller", "start_parent", "end_caller", "end_parent" };
		for (int i = 0; i < CS_ADDRS; i++)
			rec_str(keys[i], NULL, name_of(e, i));
		stackfmt_event_stack(syms, "Kernel", ips + first, n - first, true, e->pid);
		rec_end();
		return 0;
	}
	printf("===================================\n");
	printf("TASK: %.16s (pid %5u tid %5u) Total Time: %-9.3fus\n\n", e->comm, e->pid, e->tid, e->time_ns / 1000.0);
	/* Each name is valid until the next lookup. */
	printf("Section start: %s", name_of(e, CS_START_CALLER));
	printf(" -> %s\n", name_of(e, CS_START_PARENT));
	printf("Section end:   %s", name_of(e, CS_END_CALLER));
	printf(" -> %s\n", name_of(e, CS_END_PARENT));
	if (n - first > 0) {
		for (int i = first; i < n; i++) {
			const char *frame = "[unknown]";
			symbols_kernel(syms, ips[i], &frame, 1);
			printf("  %s\n", frame);
		}
	} else {
		printf("NO STACK FOUND DUE TO COLLISION\n");
	}
	printf("===================================\n\n");
	fflush(stdout);
	return 0;
}

static int end(struct tracer *t)
{
	(void)t;
	symbols_close(syms);
	symbols_close(names);
	syms = names = NULL;
	return 0;
}

DECLARE_TOOL(criticalstat, .category = "kernel", .summary = "Trace long critical sections", .shape = TOOL_EVENTS,
	     .takes = TOOL_JSON | TOOL_BUFFER, .help = { .json = "One JSON object per section (keys comm, pid, tid, "
							       "cpu, total_us, start_caller, start_parent, end_caller, "
							       "end_parent, kernel_stack)" },
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .header = header, .event = on_event,
	     .event_size = offsetof(struct critical_event, kstack), .end = end,
	     .examples = "  criticalstat          # sections with IRQs off, above 100 us\n"
			 "  criticalstat -p       # sections with preemption off\n"
			 "  criticalstat -d 500   # sections of 500 us and more");
