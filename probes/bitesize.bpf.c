// SPDX-License-Identifier: GPL-2.0
/* bitesize: block I/O sizes as a log2 histogram (in Kbytes) per process
 * name, counted at issue, as BCC's bitesize. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "block.bpf.h"
#include "twins.bpf.h"

const volatile char targ_comm[16] = {};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct hist);
} hists SEC(".maps");

static __always_inline int on_issue(struct request *rq)
{
	if (!blk_wanted(blk_rq_dev(rq)))
		return 0;
	char comm[16];
	bpf_get_current_comm(comm, sizeof(comm));
	/* BCC keys by the name: one section per name, whatever the PIDs.
	 * The key is the name's FNV-1a hash; the name is kept in the
	 * histogram. */
	__u32 key = 2166136261u;
	bool other = false;
	for (int i = 0; i < 16; i++) {
		if (targ_comm[0] && comm[i] != targ_comm[i])
			other = true;
		if (!comm[i])
			break;
		key = (key ^ (__u8)comm[i]) * 16777619u;
	}
	if (other)
		return 0;
	hist_add(&hists, key, BPF_CORE_READ(rq, __data_len) / 1024, comm);
	return 0;
}

BTF_RAW_TWINS(block_rq_issue, rq_issue,
	      BLK_QUEUE_ARG_FIRST ? on_issue((void *)ctx[1]) : on_issue((void *)ctx[0]), void *rq)

char LICENSE[] SEC("license") = "GPL";
