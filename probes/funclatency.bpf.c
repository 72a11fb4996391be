// SPDX-License-Identifier: GPL-2.0
/* funclatency: the time of each call of the functions a pattern names, as
 * a log2 histogram (one per function with -F), with BCC's average. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "functime.bpf.h"
#include "hist.bpf.h"
#include "functime.h"

const volatile __u32 unit_div = 1; /* ns: 1, -u: 1000, -m: 1000000 */
const volatile bool key_idx = false;
const volatile bool key_tgid = false;

/* BCC's avg array: the nanoseconds and the calls of the interval. */
__u64 total_ns = 0, calls = 0;

HIST_MAP_OF(hists, struct func_hist_key, 10240);

static __always_inline int on_call(void *ctx, __u64 cookie, bool btf)
{
	func_enter(cookie);
	return 0;
}

static __always_inline int on_return(void *ctx, bool btf)
{
	struct func_frame f;
	__u64 delta;
	if (func_exit(&f, &delta))
		return 0;
	__sync_fetch_and_add(&total_ns, delta);
	__sync_fetch_and_add(&calls, 1);
	struct func_hist_key key = {
		.idx = key_idx ? f.idx : 0,
		.tgid = key_tgid ? bpf_get_current_pid_tgid() >> 32 : 0,
	};
	hist_add_at(&hists, &key, delta / unit_div, NULL);
	return 0;
}

#define DYNAMIC_RETURNS
#include "dynamic.bpf.h"

char LICENSE[] SEC("license") = "GPL";
