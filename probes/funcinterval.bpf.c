// SPDX-License-Identifier: GPL-2.0
/* funcinterval: the time between one hit of the functions or tracepoints
 * a pattern names and the next, in any thread, as BCC's funcinterval. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hist.bpf.h"
#include "functime.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 unit_div = 1; /* ns: 1, -u: 1000, -m: 1000000 */

/* The last hit's time, 0 before the first (user space clears it with the
 * histogram, as BCC clears its start map). */
__u64 last_ts = 0;

HIST_MAP_OF(hists, struct func_hist_key, 1);

static __always_inline int on_hit(void *ctx, __u64 cookie)
{
	if (targ_tgid && (bpf_get_current_pid_tgid() >> 32) != targ_tgid)
		return 0;
	__u64 ts = bpf_ktime_get_ns(), prev = last_ts;
	last_ts = ts;
	if (!prev || ts < prev)
		return 0;
	struct func_hist_key key = {};
	hist_add_at(&hists, &key, (ts - prev) / unit_div, NULL);
	return 0;
}

#define DYNAMIC_SYSCALLS
#define DYNAMIC_RAW_TRACEPOINTS
#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
