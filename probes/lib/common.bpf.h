/* Shared by every bpfkit BPF program: the event stream and small helpers.
 * Include after vmlinux.h and the libbpf headers. */
#ifndef BPFKIT_PROBES_COMMON_BPF_H
#define BPFKIT_PROBES_COMMON_BPF_H
#include "hist.h"

/* A map in one line: BPF_MAP(name, BPF_MAP_TYPE_HASH, key type, value
 * type, max entries[, map flags]). */
#define BPF_MAP(name, mtype, ktype, vtype, max, ...)                                   \
	struct {                                                                       \
		__uint(type, mtype);                                                   \
		__uint(max_entries, max);                                              \
		__uint(map_flags, 0 | __VA_ARGS__ + 0);                                      \
		__type(key, ktype);                                                    \
		__type(value, vtype);                                                  \
	} name SEC(".maps")

/* The event stream.  User space turns this map into a perf event array (and
 * sets events_use_perf) on kernels without a BPF ring buffer; see
 * core/tracer.c. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* Events the kernel could not queue, per CPU; user space reports them. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} event_drops SEC(".maps");

const volatile bool events_use_perf = false;

static __always_inline void events_output(void *ctx, void *data, __u64 size)
{
	long err;

	if (events_use_perf)
		err = bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, data, size);
	else
		err = bpf_ringbuf_output(&events, data, size, 0);
	if (err) {
		__u32 zero = 0;
		__u64 *n = bpf_map_lookup_elem(&event_drops, &zero);
		if (n)
			__sync_fetch_and_add(n, 1);
	}
}

/* The tool's own process, set by core/tracer.c (unless --include-self) in
 * every object: its TGID, and, when the tool runs in a PID namespace of its
 * own (a container), that namespace, in which the TGID is counted.  A tool
 * whose own work would show in its trace, or feed it (capable: kernels
 * before 6.5 check CAP_BPF on every bpf() call the tool makes), skips
 * events for which is_self() is true. */
const volatile __u32 self_tgid = 0;
const volatile __u64 self_pidns_dev = 0, self_pidns_ino = 0;

static __always_inline bool is_self(void)
{
	if (!self_tgid)
		return false;
	if (self_pidns_ino) {
		struct bpf_pidns_info ns;
		/* Fails for tasks outside that namespace: not us. */
		if (bpf_get_ns_current_pid_tgid(self_pidns_dev, self_pidns_ino, &ns, sizeof(ns)))
			return false;
		return ns.tgid == self_tgid;
	}
	return bpf_get_current_pid_tgid() >> 32 == self_tgid;
}

/* floor(log2(v)), with 0 and 1 both in slot 0: the histo/ convention. */
static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 r = 0;
	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

#endif
