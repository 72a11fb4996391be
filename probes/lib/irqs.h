/* What softirqs and hardirqs count by: a softirq vector, or a hard irq's
 * handler name (BCC sums hard irqs by name). */
#ifndef BPFKIT_PROBES_IRQS_H
#define BPFKIT_PROBES_IRQS_H

#define IRQ_NAME_LEN 32

struct irq_key {
	__u32 vec;		  /* softirq vector; 0 for hard irqs */
	char name[IRQ_NAME_LEN];  /* hard irq handler name; empty for softirqs */
};

#endif
