// SPDX-License-Identifier: GPL-2.0
/* cachestat: page cache calls counted as BCC's cachestat counts them, each
 * fact by fentry, else kprobe, else the tracepoint inside the same kernel
 * function where there is one (the access count has none). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

#include "cachestat.h"

const volatile __u32 targ_tgid = 0;

/* Running totals, never reset: user space prints differences, so no call
 * is lost between reading and clearing. */
__u64 stats[CS_COUNT] = {};

static __always_inline int count_call(void *ctx, int which)
{
	if (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid)
		return 0;
	__sync_fetch_and_add(&stats[which], 1);
	return 0;
}

#include "pagecache.bpf.h"

char LICENSE[] SEC("license") = "GPL";
