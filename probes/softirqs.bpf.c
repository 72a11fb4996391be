// SPDX-License-Identifier: GPL-2.0
/* softirqs: time (or events) per softirq vector. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "irqs.bpf.h"
#include "twins.bpf.h"

static __always_inline int enter(unsigned int vec)
{
	struct irq_key k = { .vec = vec };
	return irq_enter(&k);
}

BTF_RAW_TWINS(softirq_entry, entry, enter(vec), unsigned int vec)
BTF_RAW_TWINS(softirq_exit, exit, irq_exit(), unsigned int vec)

char LICENSE[] SEC("license") = "GPL";
