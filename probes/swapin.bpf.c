// SPDX-License-Identifier: GPL-2.0
/* swapin: pages read back from swap, counted per process. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "swapin.h"

BPF_MAP(counts, BPF_MAP_TYPE_HASH, struct swapin_key, __u64, 10240);

static __always_inline int on_read(void)
{
	struct swapin_key k = { .pid = bpf_get_current_pid_tgid() >> 32 };
	__u64 one = 1, *v;
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	v = bpf_map_lookup_elem(&counts, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&counts, &k, &one, BPF_NOEXIST);
	return 0;
}

/* swap_read_folio() since 6.9, swap_readpage() before; no tracepoint. */
FENTRY_KPROBE_TWINS(swap_read_folio, folio, on_read(), struct folio *folio)
FENTRY_KPROBE_TWINS(swap_readpage, page, on_read(), struct page *page)

char LICENSE[] SEC("license") = "GPL";
