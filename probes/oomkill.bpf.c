// SPDX-License-Identifier: GPL-2.0
/* oomkill: the OOM killer's kills, who triggered them and the victim. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "oomkill.h"

static __always_inline int on_kill(void *ctx, struct oom_control *oc)
{
	struct task_struct *victim = BPF_CORE_READ(oc, chosen);
	struct oom_event e = { .fpid = bpf_get_current_pid_tgid() >> 32 };
	e.tpid = BPF_CORE_READ(victim, tgid);
	e.pages = BPF_CORE_READ(oc, totalpages);
	bpf_get_current_comm(e.fcomm, sizeof(e.fcomm));
	bpf_probe_read_kernel_str(e.tcomm, sizeof(e.tcomm), victim->comm);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

FENTRY_KPROBE_TWINS(oom_kill_process, oom, on_kill(ctx, oc), struct oom_control *oc)

/* Kernels without kprobes: the victim being marked.  Its comm and sizes
 * (kB) are there since 6.3; the record is read by CO-RE, as older ones end
 * after pid. */
SEC("tracepoint/oom/mark_victim")
int oom_tp(struct trace_event_raw_mark_victim *ctx)
{
	struct oom_event e = { .fpid = bpf_get_current_pid_tgid() >> 32, .victim_rss_kb = 1 };
	e.tpid = BPF_CORE_READ(ctx, pid);
	if (bpf_core_field_exists(ctx->shmem_rss)) {
		e.pages = BPF_CORE_READ(ctx, anon_rss) + BPF_CORE_READ(ctx, file_rss) + BPF_CORE_READ(ctx, shmem_rss);
	}
	if (bpf_core_field_exists(ctx->__data_loc_comm)) {
		__u32 loc = BPF_CORE_READ(ctx, __data_loc_comm);
		bpf_probe_read_kernel_str(e.tcomm, sizeof(e.tcomm), (void *)ctx + (loc & 0xffff));
	}
	bpf_get_current_comm(e.fcomm, sizeof(e.fcomm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
