// SPDX-License-Identifier: GPL-2.0
/* dcstat: dentry cache lookups, as BCC's dcstat counts them: a reference
 * per path component looked up (lookup_fast), a slow lookup per d_lookup()
 * (lookup_slow's), a miss per d_lookup() that found nothing.  fentry/fexit
 * where the kernel has trampolines, kprobe/kretprobe otherwise. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

enum { S_REFS, S_SLOW, S_MISS, S_COUNT };

const volatile __u32 targ_tgid = 0;

/* Running totals, never reset: user space prints differences, so no lookup
 * is lost between reading and clearing. */
__u64 stats[S_COUNT] = {};

static __always_inline bool wanted(void)
{
	return !targ_tgid || (bpf_get_current_pid_tgid() >> 32) == targ_tgid;
}

static __always_inline int fast(void)
{
	if (wanted())
		__sync_fetch_and_add(&stats[S_REFS], 1);
	return 0;
}

static __always_inline int looked_up(void *found)
{
	if (!wanted())
		return 0;
	__sync_fetch_and_add(&stats[S_SLOW], 1);
	if (!found)
		__sync_fetch_and_add(&stats[S_MISS], 1);
	return 0;
}

SEC("fentry/lookup_fast")
int fast_fentry(void *ctx)
{
	return fast();
}

SEC("kprobe/lookup_fast")
int fast_kprobe(void *ctx)
{
	return fast();
}

SEC("fexit/d_lookup")
int BPF_PROG(d_lookup_fexit, const struct dentry *parent, const struct qstr *name, struct dentry *ret)
{
	return looked_up(ret);
}

SEC("kretprobe/d_lookup")
int BPF_KRETPROBE(d_lookup_kretprobe, struct dentry *ret)
{
	return looked_up(ret);
}

char LICENSE[] SEC("license") = "GPL";
