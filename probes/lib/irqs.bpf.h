/* The accounting softirqs and hardirqs share: an entry time per CPU, and
 * at exit either a count, a sum of time, or a log2 histogram of time per
 * key. */
#ifndef BPFKIT_PROBES_IRQS_BPF_H
#define BPFKIT_PROBES_IRQS_BPF_H
#include "hist.bpf.h"
#include "irqs.h"

const volatile bool count_only = false; /* -C: events, not time */
const volatile bool dist = false;	/* -d: histograms */
const volatile __u64 factor = 1000;	/* ns -> the unit printed */
const volatile int targ_cpu = -1;

struct irq_start {
	__u64 ts;
	struct irq_key key;
};

/* Handlers do not nest on one CPU, so one slot per CPU holds the entry. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct irq_start);
} irq_start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct irq_key);
	__type(value, __u64);
} totals SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct irq_key);
	__type(value, struct hist);
} dists SEC(".maps");

static __always_inline bool irq_cpu_skip(void)
{
	return targ_cpu >= 0 && bpf_get_smp_processor_id() != (__u32)targ_cpu;
}

static __always_inline void irq_add_total(struct irq_key *k, __u64 v)
{
	__u64 *t = bpf_map_lookup_elem(&totals, k);
	if (t) {
		__sync_fetch_and_add(t, v);
		return;
	}
	/* Another CPU may have created it meanwhile: then add to that. */
	if (bpf_map_update_elem(&totals, k, &v, BPF_NOEXIST)) {
		t = bpf_map_lookup_elem(&totals, k);
		if (t)
			__sync_fetch_and_add(t, v);
	}
}

/* At entry: k filled in by the caller.  Both return a program's 0. */
static __always_inline int irq_enter(struct irq_key *k)
{
	if (irq_cpu_skip())
		return 0;
	if (count_only) {
		irq_add_total(k, 1);
		return 0;
	}
	__u32 zero = 0;
	struct irq_start *s = bpf_map_lookup_elem(&irq_start, &zero);
	if (!s)
		return 0;
	s->ts = bpf_ktime_get_ns();
	__builtin_memcpy(&s->key, k, sizeof(*k));
	return 0;
}

static __always_inline int irq_exit(void)
{
	if (count_only || irq_cpu_skip())
		return 0;
	__u32 zero = 0;
	struct irq_start *s = bpf_map_lookup_elem(&irq_start, &zero);
	if (!s || !s->ts)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - s->ts;
	s->ts = 0;
	struct irq_key k;
	__builtin_memcpy(&k, &s->key, sizeof(k));
	if (!dist) {
		irq_add_total(&k, delta);
		return 0;
	}
	struct hist *h = bpf_map_lookup_elem(&dists, &k);
	if (!h) {
		bpf_map_update_elem(&dists, &k, &hist_zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(&dists, &k);
		if (!h)
			return 0;
	}
	__u32 slot = log2_slot(delta / factor);
	if (slot >= HIST_SLOTS)
		slot = HIST_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
	return 0;
}

#endif
