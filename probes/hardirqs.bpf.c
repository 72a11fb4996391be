// SPDX-License-Identifier: GPL-2.0
/* hardirqs: time (or events) per hard irq handler name. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "irqs.bpf.h"
#include "twins.bpf.h"

static __always_inline int enter(struct irqaction *action)
{
	struct irq_key k = {};
	bpf_probe_read_kernel_str(k.name, sizeof(k.name), BPF_CORE_READ(action, name));
	return irq_enter(&k);
}

BTF_RAW_TWINS(irq_handler_entry, entry, enter(action), int irq, struct irqaction *action)
BTF_RAW_TWINS(irq_handler_exit, exit, irq_exit(), int irq, struct irqaction *action, int ret)

char LICENSE[] SEC("license") = "GPL";
