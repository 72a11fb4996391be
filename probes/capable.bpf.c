// SPDX-License-Identifier: GPL-2.0
/* capable: security capability checks (cap_capable), with whether they
 * are audited, and optionally the stacks that made them.  The
 * capability:cap_capable tracepoint (6.15+) does not carry cap_capable's
 * opts: from there audit and insetid are -1 (unknown). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "eventstack.bpf.h"
#include "containers.bpf.h"
#include "capable.h"

/* cap_capable's opts (include/linux/security.h). */
#define CAP_OPT_NOAUDIT 0x2
#define CAP_OPT_INSETID 0x4
#define CAP_OPTS_UNKNOWN (-1)

const volatile __u32 targ_tgid = 0;
const volatile bool verbose = false; /* include non-audit checks */
const volatile bool unique = false;
const volatile bool kernel_stack = false, user_stack = false;

struct seen_key {
	__u32 tgid;
	int cap;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct seen_key);
	__type(value, __u8);
} seen SEC(".maps");

/* Too big for the BPF stack. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct cap_event);
} scratch SEC(".maps");

static __always_inline int check(void *ctx, int cap, long opts)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tgid = id >> 32;
	if (targ_tgid && tgid != targ_tgid)
		return 0;
	/* As BCC's capable: not our own checks, which on kernels before 6.5
	 * (CAP_BPF on every bpf() call) would feed themselves. */
	if (is_self() || !containers_allow())
		return 0;
	int audit = opts == CAP_OPTS_UNKNOWN ? -1 : (opts & CAP_OPT_NOAUDIT) == 0;
	if (!verbose && !audit)
		return 0;
	if (unique) {
		struct seen_key k = { tgid, cap };
		__u8 one = 1;
		if (bpf_map_update_elem(&seen, &k, &one, BPF_NOEXIST))
			return 0;
	}
	__u32 zero = 0;
	struct cap_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->pid = tgid;
	e->tid = id;
	e->uid = bpf_get_current_uid_gid();
	e->cap = cap;
	e->audit = audit;
	e->insetid = opts == CAP_OPTS_UNKNOWN ? -1 : (opts & CAP_OPT_INSETID) != 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	EVENT_STACKS(ctx, kernel_stack, user_stack, e->kstack, e->ustack, &e->nkstack, &e->nustack);
	/* Without stacks the record ends before them: 8 times as many fit. */
	events_output(ctx, e, kernel_stack || user_stack ? sizeof(*e) : offsetof(struct cap_event, kstack));
	return 0;
}

SEC("fentry/cap_capable")
int BPF_PROG(cap_fentry, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
	return check(ctx, cap, opts);
}

SEC("kprobe/cap_capable")
int BPF_KPROBE(cap_kprobe, const struct cred *cred, struct user_namespace *ns, int cap, unsigned int opts)
{
	return check(ctx, cap, opts);
}

SEC("tracepoint/capability/cap_capable")
int cap_tp(struct trace_event_raw_cap_capable *ctx)
{
	return check(ctx, ctx->cap, CAP_OPTS_UNKNOWN);
}

char LICENSE[] SEC("license") = "GPL";
