// SPDX-License-Identifier: GPL-2.0
/* slabratetop: kernel slab cache allocations per cache, and their bytes. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "slabratetop.h"

const volatile __u32 targ_tgid = 0;

BPF_MAP(counts, BPF_MAP_TYPE_HASH, struct slab_key, struct slab_val, 10240);

static __always_inline int on_alloc(struct kmem_cache *s)
{
	if (targ_tgid && bpf_get_current_pid_tgid() >> 32 != targ_tgid)
		return 0;
	struct slab_key k = {};
	bpf_probe_read_kernel_str(k.name, sizeof(k.name), BPF_CORE_READ(s, name));
	struct slab_val zero = {}, *v;
	bpf_map_update_elem(&counts, &k, &zero, BPF_NOEXIST);
	v = bpf_map_lookup_elem(&counts, &k);
	if (!v)
		return 0;
	__sync_fetch_and_add(&v->count, 1);
	__sync_fetch_and_add(&v->size, BPF_CORE_READ(s, size));
	return 0;
}

/* BCC's kmem_cache_alloc (before 6.10, when it became a macro of
 * kmem_cache_alloc_noprof); else the kmem_cache_alloc tracepoint, which
 * names the cache since 6.1 and fires for every kind of cache allocation. */
FENTRY_KPROBE_TWINS(kmem_cache_alloc, alloc, on_alloc(s), struct kmem_cache *s)
ONE_PROG("tp_btf/kmem_cache_alloc", alloc_btf, on_alloc(s), unsigned long call_site, const void *ptr,
	 struct kmem_cache *s)

char LICENSE[] SEC("license") = "GPL";
