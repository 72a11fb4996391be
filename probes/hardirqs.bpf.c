// SPDX-License-Identifier: GPL-2.0
/* hardirqs: time (or events) per hard irq handler name. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "irqs.bpf.h"

static __always_inline int enter(struct irqaction *action)
{
	struct irq_key k = {};
	bpf_probe_read_kernel_str(k.name, sizeof(k.name), BPF_CORE_READ(action, name));
	irq_enter(&k);
	return 0;
}

SEC("tp_btf/irq_handler_entry")
int BPF_PROG(entry_btf, int irq, struct irqaction *action)
{
	return enter(action);
}

SEC("tp_btf/irq_handler_exit")
int BPF_PROG(exit_btf, int irq, struct irqaction *action, int ret)
{
	irq_exit();
	return 0;
}

SEC("raw_tp/irq_handler_entry")
int BPF_PROG(entry_raw, int irq, struct irqaction *action)
{
	return enter(action);
}

SEC("raw_tp/irq_handler_exit")
int BPF_PROG(exit_raw, int irq, struct irqaction *action, int ret)
{
	irq_exit();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
