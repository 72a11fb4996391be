// SPDX-License-Identifier: GPL-2.0
/* syncsnoop: the sync family of system calls, at entry, as BCC's. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "syncsnoop.h"

const volatile __u32 targ_tgid = 0;
/* The calls the raw sys_enter program stands in for (no tracepoint). */
const volatile bool raw_sync = false, raw_fsync = false, raw_fdatasync = false, raw_msync = false,
		    raw_sync_file_range = false, raw_syncfs = false;

static __always_inline int emit(void *ctx, __u32 call)
{
	__u64 id = bpf_get_current_pid_tgid();
	if (targ_tgid && (id >> 32) != targ_tgid)
		return 0;
	struct sync_event e = { .ts = bpf_ktime_get_ns(), .pid = id >> 32, .call = call };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

#define SYNC_TP(name, idx)                                                                 \
	SEC("tracepoint/syscalls/sys_enter_" #name) int name##_enter_tp(void *ctx)         \
	{                                                                                  \
		return emit(ctx, idx);                                                     \
	}
SYNC_TP(sync, SYNC_SYNC)
SYNC_TP(fsync, SYNC_FSYNC)
SYNC_TP(fdatasync, SYNC_FDATASYNC)
SYNC_TP(msync, SYNC_MSYNC)
SYNC_TP(sync_file_range, SYNC_SYNC_FILE_RANGE)
SYNC_TP(syncfs, SYNC_SYNCFS)

/* x86_64 numbers. */
RAW_SYSCALL_ENTER(syncs)
{
	switch (id) {
	case 162: return raw_sync ? emit(ctx, SYNC_SYNC) : 0;
	case 74: return raw_fsync ? emit(ctx, SYNC_FSYNC) : 0;
	case 75: return raw_fdatasync ? emit(ctx, SYNC_FDATASYNC) : 0;
	case 26: return raw_msync ? emit(ctx, SYNC_MSYNC) : 0;
	case 277: return raw_sync_file_range ? emit(ctx, SYNC_SYNC_FILE_RANGE) : 0;
	case 306: return raw_syncfs ? emit(ctx, SYNC_SYNCFS) : 0;
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
