/* softirqs and hardirqs: the same options (-T -N -C -d -c CPU, interval,
 * count), the same accounting (probes/lib/irqs.bpf.h) and the same output, a
 * table of totals or a histogram per irq; only the names differ. */
#ifndef BPFKIT_CORE_IRQSTAT_H
#define BPFKIT_CORE_IRQSTAT_H
#include "core/probe.h"

struct bpf_object_skeleton;

struct irqstat_tool {
	const char *name;	  /* "softirqs" */
	const char *what;	  /* "soft irq", for "Tracing soft irq event time..." */
	const char *column;	  /* "SOFTIRQ" */
	int width;		  /* of that column: BCC's 16 or 26 */
	const char *section;	  /* "softirq" */
	const char *count_long;	  /* BCC's long name for -C: "events" or "count" */
	const char *doc;	  /* argp doc */
	/* Name for a key's vector when the key has no name (softirqs). */
	const char *(*vec_name)(unsigned vec);
	const struct probe_spec *probes;
	int nprobes;
};

/* The tool's main: skel_open returns the opened (not loaded) skeleton;
 * rodata and maps are found by name in it. */
int irqstat_main(const struct irqstat_tool *t, void *(*skel_open)(void), int argc, char **argv);

#endif
