/* criticalstat: long sections with preemption or IRQs off, as BCC's
 * criticalstat.  It needs the preemptirq tracepoints, which exist only in
 * kernels built with CONFIG_PREEMPTIRQ_TRACEPOINTS (a debug option, off in
 * distribution kernels: this host's 6.18 and Debian's 5.10, 6.1 and 6.12
 * have none).  Where they are missing the tool says so in one line; where
 * they are present it says that it has no tested implementation yet. */
#include "core/btfproto.h"
#include "core/tool.h"
#include "probes/criticalstat.skel.h"

#include <errno.h>
#include <string.h>

static bool preemptoff, irqoff;
static unsigned long duration_us = 100;

static const struct tool_option options[] = {
	OPT_FLAG('p', "preemptoff", &preemptoff, "Find long sections where preemption was off"),
	OPT_FLAG('i', "irqoff", &irqoff, "Find long sections where IRQ was off"),
	OPT_ULONG('d', "duration", "DURATION", &duration_us, 0, ~0UL / 1000, "Duration in uS (microseconds) below which we filter"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	(void)t;
	static const char *const events[] = { "irq_disable", "irq_enable", "preempt_disable", "preempt_enable" };
	char missing[160] = "";
	for (unsigned i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (!btf_tracepoint_proto(events[i]))
			snprintf(missing + strlen(missing), sizeof(missing) - strlen(missing), "%spreemptirq:%s",
				 *missing ? ", " : "", events[i]);
	if (!kernel_btf())
		return log_err("cannot tell whether this kernel has the preemptirq tracepoints: it has no BTF (/sys/kernel/btf/vmlinux)"),
		       -EOPNOTSUPP;
	if (*missing)
		return log_err("this kernel has no %s tracepoints (built without CONFIG_PREEMPTIRQ_TRACEPOINTS: "
			       "CONFIG_TRACE_IRQFLAGS and CONFIG_TRACE_PREEMPT_TOGGLE enable it)",
			       missing),
		       -EOPNOTSUPP;
	return log_err("this kernel has the preemptirq tracepoints, but bpfkit's criticalstat has no implementation for them yet "
		       "(none of the kernels it is tested on has them)"),
	       -EOPNOTSUPP;
}

DECLARE_TOOL(criticalstat, .category = "kernel", .summary = "Trace long critical sections", .shape = TOOL_EVENTS,
	     .bound = options, .configure = configure,
	     .examples = "  criticalstat          # sections with preemption off, above 100 us\n"
			 "  criticalstat -i       # sections with IRQs off\n"
			 "  criticalstat -d 500   # sections of 500 us and more");
