// SPDX-License-Identifier: GPL-2.0
/* ucalls: method calls of one process by its runtime's USDT probes, and
 * (-S) its syscalls, counted, with -L their time from entry to return. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "lang.bpf.h"
#include "ucalls.h"

const volatile __u32 targ_tgid = 0;
const volatile bool latency = false;

#define MAX_ENTRIES 65536

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, struct lang_method);
	__type(value, struct ucalls_info);
} counts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, struct ucalls_entry);
	__type(value, __u64);
} entries SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct ucalls_info);
} syscounts SEC(".maps");

/* A syscall in flight, by thread: its number and start. */
struct sys_entry {
	__u64 ts, id;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, __u64);
	__type(value, struct sys_entry);
} sysentries SEC(".maps");

static __always_inline void add(void *map, const void *key, __u64 ns)
{
	struct ucalls_info zero = {}, *v = bpf_map_lookup_elem(map, key);
	if (!v) {
		bpf_map_update_elem(map, key, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(map, key);
		if (!v)
			return;
	}
	__sync_fetch_and_add(&v->calls, 1);
	if (ns)
		__sync_fetch_and_add(&v->total_ns, ns);
}

/* Without -L a call counts at its entry (no return probe is attached);
 * with it, at its return, when its entry was seen. */
static __always_inline int on_method(struct pt_regs *ctx, struct lang_method *m, bool ret)
{
	if (!latency) {
		add(&counts, m, 0);
		return 0;
	}
	struct ucalls_entry e = { .pid_tgid = bpf_get_current_pid_tgid() };
	__builtin_memcpy(&e.m, m, sizeof(*m));
	if (!ret) {
		__u64 ts = bpf_ktime_get_ns();
		bpf_map_update_elem(&entries, &e, &ts, BPF_ANY);
		return 0;
	}
	__u64 *ts = bpf_map_lookup_elem(&entries, &e);
	if (!ts)
		return 0; /* its entry came before tracing */
	add(&counts, m, bpf_ktime_get_ns() - *ts);
	bpf_map_delete_elem(&entries, &e);
	return 0;
}

LANG_ALL_METHOD_PROGS
LANG_PYTHON_LINE_PROG

static __always_inline int sys_enter(long id)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if (pid_tgid >> 32 != targ_tgid)
		return 0;
	if (!latency) {
		__u64 key = id;
		add(&syscounts, &key, 0);
		return 0;
	}
	struct sys_entry e = { bpf_ktime_get_ns(), id };
	bpf_map_update_elem(&sysentries, &pid_tgid, &e, BPF_ANY);
	return 0;
}

static __always_inline int sys_exit(void)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if (pid_tgid >> 32 != targ_tgid)
		return 0;
	struct sys_entry *e = bpf_map_lookup_elem(&sysentries, &pid_tgid);
	if (!e)
		return 0;
	__u64 key = e->id;
	add(&syscounts, &key, bpf_ktime_get_ns() - e->ts);
	bpf_map_delete_elem(&sysentries, &pid_tgid);
	return 0;
}

BTF_RAW_TWINS(sys_enter, sys_enter, sys_enter(nr), struct pt_regs *regs, long nr)
BTF_RAW_TWINS(sys_exit, sys_exit, sys_exit(), struct pt_regs *regs, long ret)

char LICENSE[] SEC("license") = "GPL";
