// SPDX-License-Identifier: GPL-2.0
/* cachetop: cachestat's page cache calls, counted per process (PID, UID,
 * command), as BCC's cachetop. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "cachestat.h"

const volatile __u32 targ_tgid = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct cachetop_key);
	__type(value, struct cachetop_counts);
} counts SEC(".maps");

static const struct cachetop_counts zero;

static __always_inline int count_call(void *ctx, int which)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if (targ_tgid && pid != targ_tgid)
		return 0;
	struct cachetop_key k = { .pid = pid, .uid = (__u32)bpf_get_current_uid_gid() };
	bpf_get_current_comm(k.comm, sizeof(k.comm));
	struct cachetop_counts *c = bpf_map_lookup_elem(&counts, &k);
	if (!c) {
		bpf_map_update_elem(&counts, &k, &zero, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&counts, &k);
		if (!c)
			return 0;
	}
	if (which >= 0 && which < CS_COUNT)
		__sync_fetch_and_add(&c->n[which], 1);
	return 0;
}

#include "pagecache.bpf.h"

char LICENSE[] SEC("license") = "GPL";
