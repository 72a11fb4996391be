/* Adding a value to a keyed log2 histogram (probes/lib/hist.h), created on
 * first use: what every latency-histogram tool does per event. */
#ifndef BPFKIT_PROBES_HIST_BPF_H
#define BPFKIT_PROBES_HIST_BPF_H
#include "common.bpf.h" /* log2_slot */
#include "hist.h"

static const struct hist hist_zero;

/* The usual map of them, keyed by a __u32: HIST_MAP(hists, 1024). */
#define HIST_MAP(name, entries)                                                        \
	struct {                                                                       \
		__uint(type, BPF_MAP_TYPE_HASH);                                       \
		__uint(max_entries, entries);                                          \
		__type(key, __u32);                                                    \
		__type(value, struct hist);                                            \
	} name SEC(".maps")

/* Histograms of another key type, allocated as they are first used. */
#define HIST_MAP_OF(name, ktype, entries)                                              \
	struct {                                                                       \
		__uint(type, BPF_MAP_TYPE_HASH);                                       \
		__uint(map_flags, BPF_F_NO_PREALLOC);                                  \
		__uint(max_entries, entries);                                          \
		__type(key, ktype);                                                    \
		__type(value, struct hist);                                            \
	} name SEC(".maps")

/* The histogram of any key type at key (hist_add's for a __u32). */
static __always_inline void hist_add_at(void *map, const void *key, __u64 value, const char *comm)
{
	struct hist *h = bpf_map_lookup_elem(map, key);
	if (!h) {
		bpf_map_update_elem(map, key, &hist_zero, BPF_NOEXIST);
		h = bpf_map_lookup_elem(map, key);
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

/* comm, when given, names the section (the task's, at first use). */
static __always_inline void hist_add(void *map, __u32 key, __u64 value, const char *comm)
{
	hist_add_at(map, &key, value, comm);
}

#endif
