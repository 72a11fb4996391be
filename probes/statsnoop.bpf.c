// SPDX-License-Identifier: GPL-2.0
/* statsnoop: the stat family of system calls, with the path asked about and
 * the result, as BCC's statsnoop. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "statsnoop.h"

#define NR_statfs 137 /* x86_64 */
#define NR_newstat 4
#define NR_newlstat 6
#define NR_newfstatat 262
#define NR_statx 332

const volatile __u32 targ_tgid = 0;
const volatile bool failed_only = false;
const volatile bool raw_statfs = false, raw_newstat = false, raw_statx = false, raw_newfstatat = false,
		    raw_newlstat = false;

/* The call in flight per thread: its event, completed at return. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct stat_event);
} pending SEC(".maps");

static const struct stat_event empty;

static __always_inline int on_enter(__u32 call, const char *path)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && (id >> 32) != targ_tgid)
		return 0;
	if (bpf_map_update_elem(&pending, &tid, &empty, BPF_ANY))
		return 0;
	struct stat_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	e->pid = id >> 32;
	e->call = call;
	bpf_probe_read_user_str(e->path, sizeof(e->path), path);
	return 0;
}

static __always_inline int on_exit(void *ctx, long ret)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct stat_event *e = bpf_map_lookup_elem(&pending, &tid);
	if (!e)
		return 0;
	if (!failed_only || ret < 0) {
		e->ret = ret;
		e->ts = bpf_ktime_get_ns();
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		events_output(ctx, e, sizeof(*e));
	}
	bpf_map_delete_elem(&pending, &tid);
	return 0;
}

/* The path is the first argument, or the second after a directory. */
#define STAT_PAIR(call, idx, arg)                                                          \
	SYSCALL_ENTER(call) { return on_enter(idx, (const char *)ctx->args[arg]); }        \
	SYSCALL_EXIT(call) { return on_exit(ctx, ctx->ret); }
STAT_PAIR(statfs, ST_STATFS, 0)
STAT_PAIR(newstat, ST_NEWSTAT, 0)
STAT_PAIR(newlstat, ST_NEWLSTAT, 0)
STAT_PAIR(newfstatat, ST_NEWFSTATAT, 1)
STAT_PAIR(statx, ST_STATX, 1)

/* The call raw sys_enter stands in for, or -1. */
static __always_inline int raw_call(long nr)
{
	if (nr == NR_statfs && raw_statfs)
		return ST_STATFS;
	if (nr == NR_newstat && raw_newstat)
		return ST_NEWSTAT;
	if (nr == NR_newlstat && raw_newlstat)
		return ST_NEWLSTAT;
	if (nr == NR_newfstatat && raw_newfstatat)
		return ST_NEWFSTATAT;
	if (nr == NR_statx && raw_statx)
		return ST_STATX;
	return -1;
}

RAW_SYSCALL_ENTER(stat)
{
	int call = raw_call(id);
	if (call < 0)
		return 0;
	if (call == ST_NEWFSTATAT || call == ST_STATX)
		return on_enter(call, (const char *)PT_REGS_PARM2_CORE_SYSCALL(regs));
	return on_enter(call, (const char *)PT_REGS_PARM1_CORE_SYSCALL(regs));
}

RAW_SYSCALL_EXIT(stat)
{
	if (raw_call(BPF_CORE_READ(regs, orig_ax)) < 0)
		return 0;
	return on_exit(ctx, ret);
}

char LICENSE[] SEC("license") = "GPL";
