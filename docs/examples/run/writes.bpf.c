/* The worked example of `bpfkit run` (docs/run.md): write() calls of one
 * process (or of all, without -p), seen at the syscalls:sys_enter_write
 * tracepoint.  It keeps
 *   - bytes_hist: a log2 histogram of the byte counts asked for (a map
 *     whose name ends in "hist": bpfkit run prints it as BCC's
 *     print_log2_hist, "bytes" being the unit);
 *   - writes: a counter per (pid, fd, comm), printed as a sorted table;
 *   - events: one record per write in a ring buffer, decoded field by field
 *     from struct event, with the caller's user stack (ustack_id, an id in
 *     the stacks map) symbolized;
 *   - a bpf_printk line per write, which bpfkit run shows from trace_pipe.
 * Built by bpfkit's build (CMakeLists.txt) as any user would build it:
 *   clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I. -c writes.bpf.c */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

/* -p PID sets it (bpfkit run writes targ_tgid when the object has it). */
const volatile __u32 targ_tgid = 0;
/* bpfkit run sets it to its own PID: its printing is writes too. */
const volatile __u32 self_tgid = 0;

struct write_key {
	__u32 pid;
	__u32 fd;
	char comm[16];
};

struct event {
	__u32 pid;
	__u32 fd;
	__u64 count;
	__s32 ustack_id;
	char comm[16];
};
/* Names the records of the events map for bpfkit run (MAP_type: the
 * struct it points to); a type used only inside a function has no BTF. */
struct event *events_type;

/* The slot convention of bpfkit's histograms: slot k counts values in
 * [2^k, 2^(k+1)), 0 and 1 both in slot 0. */
static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = 0;
	while (v > 1 && slot < 63) {
		v >>= 1;
		slot++;
	}
	return slot;
}

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} bytes_hist SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct write_key);
	__type(value, __u64);
} writes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK_TRACE);
	__uint(max_entries, 16384);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, 127 * sizeof(__u64));
} stacks SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_write")
int on_write(struct trace_event_raw_sys_enter *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	if ((targ_tgid && pid != targ_tgid) || pid == self_tgid)
		return 0;
	__u64 count = ctx->args[2];
	struct write_key k = { .pid = pid, .fd = ctx->args[0] };
	bpf_get_current_comm(k.comm, sizeof(k.comm));

	__u32 slot = log2_slot(count);
	__u64 *n = bpf_map_lookup_elem(&bytes_hist, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	__u64 one = 1, *c = bpf_map_lookup_elem(&writes, &k);
	if (c)
		__sync_fetch_and_add(c, 1);
	else
		bpf_map_update_elem(&writes, &k, &one, BPF_NOEXIST);

	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = pid;
		e->fd = k.fd;
		e->count = count;
		e->ustack_id = bpf_get_stackid(ctx, &stacks, BPF_F_USER_STACK);
		__builtin_memcpy(e->comm, k.comm, sizeof(e->comm));
		bpf_ringbuf_submit(e, 0);
	}
	bpf_printk("bpfkit-run write %u bytes", (__u32)count);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
