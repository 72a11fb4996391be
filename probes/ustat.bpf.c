// SPDX-License-Identifier: GPL-2.0
/* ustat: events of every process of the languages, counted per process
 * and column; one program per column, which the tool attaches to each
 * runtime's probes of that column (for every process of the file). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "lang.bpf.h"
#include "ustat.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct ustat_key);
	__type(value, __u64);
} counts SEC(".maps");

static __always_inline int count(__u32 cat)
{
	struct ustat_key k = { bpf_get_current_pid_tgid() >> 32, cat };
	__u64 zero = 0, *v = bpf_map_lookup_elem(&counts, &k);
	if (!v) {
		/* Two threads' first events may race here: both then add. */
		bpf_map_update_elem(&counts, &k, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&counts, &k);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(v, 1);
	return 0;
}

SEC("usdt") int method_usdt(struct pt_regs *ctx) { return count(USTAT_METHOD); }
SEC("usdt") int gc_usdt(struct pt_regs *ctx) { return count(USTAT_GC); }
SEC("usdt") int objnew_usdt(struct pt_regs *ctx) { return count(USTAT_OBJNEW); }
SEC("usdt") int cload_usdt(struct pt_regs *ctx) { return count(USTAT_CLOAD); }
SEC("usdt") int excp_usdt(struct pt_regs *ctx) { return count(USTAT_EXCP); }
SEC("usdt") int thread_usdt(struct pt_regs *ctx) { return count(USTAT_THREAD); }
LANG_PYTHON_LINE_PROG

char LICENSE[] SEC("license") = "GPL";
