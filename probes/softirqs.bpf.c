// SPDX-License-Identifier: GPL-2.0
/* softirqs: time (or events) per softirq vector. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "irqs.bpf.h"

static __always_inline int enter(unsigned int vec)
{
	struct irq_key k = { .vec = vec };
	irq_enter(&k);
	return 0;
}

SEC("tp_btf/softirq_entry")
int BPF_PROG(entry_btf, unsigned int vec)
{
	return enter(vec);
}

SEC("tp_btf/softirq_exit")
int BPF_PROG(exit_btf, unsigned int vec)
{
	irq_exit();
	return 0;
}

SEC("raw_tp/softirq_entry")
int BPF_PROG(entry_raw, unsigned int vec)
{
	return enter(vec);
}

SEC("raw_tp/softirq_exit")
int BPF_PROG(exit_raw, unsigned int vec)
{
	irq_exit();
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
