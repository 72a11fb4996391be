/* bpfkit run's bad input: a map type it cannot print (a queue), beside a
 * program it could attach. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 16);
	__type(value, __u64);
} pending SEC(".maps");

SEC("tracepoint/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	__u64 v = bpf_ktime_get_ns();
	bpf_map_push_elem(&pending, &v, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
