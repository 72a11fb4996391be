/* Adding a value to a keyed log2 histogram (probes/lib/hist.h), created on
 * first use: what every latency-histogram tool does per event. */
#ifndef BPFKIT_PROBES_HIST_BPF_H
#define BPFKIT_PROBES_HIST_BPF_H
#include "common.bpf.h" /* log2_slot */
#include "hist.h"

static const struct hist hist_zero;

/* comm, when given, names the section (the task's, at first use). */
static __always_inline void hist_add(void *map, __u32 key, __u64 value, const char *comm)
{
	struct hist *h = bpf_map_lookup_elem(map, &key);
	if (!h) {
		bpf_map_update_elem(map, &key, &hist_zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(map, &key);
		if (!h)
			return;
		if (comm)
			bpf_probe_read_kernel_str(h->comm, sizeof(h->comm), comm);
	}
	__u32 slot = log2_slot(value);
	if (slot >= HIST_SLOTS)
		slot = HIST_SLOTS - 1;
	__sync_fetch_and_add(&h->slots[slot], 1);
}

#endif
