// SPDX-License-Identifier: GPL-2.0
/* vfscount: calls per vfs_ function, one kprobe_multi link (or a kprobe
 * each) sharing one program, the function told apart by its BPF cookie. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "vfscount.h"

/* One slot per attach point; sized by user space before load. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct vfscount_slot);
} counts SEC(".maps");

static __always_inline int on_hit(void *ctx, __u64 cookie)
{
	__u32 key = cookie;
	struct vfscount_slot *s = bpf_map_lookup_elem(&counts, &key);
	if (!s)
		return 0;
	__sync_fetch_and_add(&s->count, 1);
	/* BCC's ADDR column: the function's address.  Kernels before 5.15
	 * have no bpf_get_func_ip() nor kprobe_multi: there a kprobe at the
	 * first instruction sees the instruction pointer one past it. */
	if (!s->ip && bpf_core_enum_value_exists(enum bpf_func_id, BPF_FUNC_get_func_ip))
		s->ip = bpf_get_func_ip(ctx);
	else if (!s->ip)
		s->ip = PT_REGS_IP((struct pt_regs *)ctx) - 1;
	return 0;
}

#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
