// SPDX-License-Identifier: GPL-2.0
/* dcsnoop: dentry cache lookups that failed (d_lookup() returning NULL),
 * and with -a every reference (lookup_fast()), as BCC's dcsnoop.
 * fentry/fexit where the kernel has trampolines, kprobe/kretprobe
 * otherwise; the programs of both paths share one body each. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "dcsnoop.h"

/* The name a d_lookup() in flight looks for, per thread. */
struct name {
	char s[DCSNOOP_NAME_LEN];
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct name);
} looking SEC(".maps");

static __always_inline void submit(void *ctx, const void *name, bool user_copy, char type)
{
	struct dcsnoop_event e = { .pid = bpf_get_current_pid_tgid() >> 32, .type = { type } };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	if (user_copy)
		__builtin_memcpy(e.file, name, sizeof(e.file));
	else
		bpf_probe_read_kernel_str(e.file, sizeof(e.file), name);
	events_output(ctx, &e, sizeof(e));
}

static __always_inline int entry(const struct qstr *q)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct name n = {};
	const unsigned char *s = BPF_CORE_READ(q, name);
	if (s)
		bpf_probe_read_kernel_str(n.s, sizeof(n.s), s);
	bpf_map_update_elem(&looking, &tid, &n, BPF_ANY);
	return 0;
}

static __always_inline int ret(void *ctx, const void *found)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct name *n = bpf_map_lookup_elem(&looking, &tid);
	if (!n)
		return 0;
	if (!found)
		submit(ctx, n->s, true, 'M');
	bpf_map_delete_elem(&looking, &tid);
	return 0;
}

/* The component lookup_fast() looks for is nameidata's last. */
static __always_inline int fast(void *ctx, struct nameidata *nd)
{
	submit(ctx, BPF_CORE_READ(nd, last.name), false, 'R');
	return 0;
}

SEC("fentry/d_lookup")
int BPF_PROG(d_lookup_fentry, const struct dentry *parent, const struct qstr *name)
{
	return entry(name);
}

SEC("kprobe/d_lookup")
int BPF_KPROBE(d_lookup_kprobe, const struct dentry *parent, const struct qstr *name)
{
	return entry(name);
}

SEC("fexit/d_lookup")
int BPF_PROG(d_lookup_fexit, const struct dentry *parent, const struct qstr *name, struct dentry *found)
{
	return ret(ctx, found);
}

SEC("kretprobe/d_lookup")
int BPF_KRETPROBE(d_lookup_kretprobe, struct dentry *found)
{
	return ret(ctx, found);
}

SEC("fentry/lookup_fast")
int BPF_PROG(fast_fentry, struct nameidata *nd)
{
	return fast(ctx, nd);
}

SEC("kprobe/lookup_fast")
int BPF_KPROBE(fast_kprobe, struct nameidata *nd)
{
	return fast(ctx, nd);
}

char LICENSE[] SEC("license") = "GPL";
