/* softirqs: soft irq time (or events) per vector, as BCC's softirqs. */
#include "cmd/irqstat.h"
#include "core/softirqnames.h"
#include "probes/softirqs.skel.h"

static const struct probe_spec probes[] = {
	PROBE_BTF_RAW("softirq_entry", "entry"),
	PROBE_BTF_RAW("softirq_exit", "exit"),
};

static const char *vec_name(unsigned vec)
{
	static char buf[16];
	const char *name = softirq_name((int)vec);
	if (name)
		return name;
	snprintf(buf, sizeof(buf), "%u", vec);
	return buf;
}

DECLARE_TOOL(softirqs, IRQSTAT_DECLARATION("soft irq", "SOFTIRQ", 16, "softirq", "events", vec_name),
	     IRQSTAT_TEXT("softirqs", "soft irq", "  softirqs -C         # show the number of soft irq events\n"),
	     TOOL_PROBES(probes));
