// SPDX-License-Identifier: GPL-2.0
/* gethostlatency: getaddrinfo(), gethostbyname() and gethostbyname2()
 * calls, timed from entry to return, with the name asked for. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "gethostlatency.h"

const volatile __u32 targ_tgid = 0;

struct start {
	__u64 ts;
	char host[GETHOST_NAME_LEN];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct start);
} starts SEC(".maps");

static __always_inline int enter(const char *name)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && id >> 32 != targ_tgid)
		return 0;
	struct start s = { .ts = bpf_ktime_get_ns() };
	bpf_probe_read_user_str(s.host, sizeof(s.host), name);
	bpf_map_update_elem(&starts, &tid, &s, BPF_ANY);
	return 0;
}

static __always_inline int leave(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	struct start *s = bpf_map_lookup_elem(&starts, &tid);
	if (!s)
		return 0;
	struct host_event e = { .delta_ns = bpf_ktime_get_ns() - s->ts, .pid = id >> 32 };
	__builtin_memcpy(e.host, s->host, sizeof(e.host));
	bpf_map_delete_elem(&starts, &tid);
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(getaddrinfo_uprobe, const char *node)
{
	return enter(node);
}

SEC("uretprobe")
int BPF_URETPROBE(getaddrinfo_uretprobe)
{
	return leave(ctx);
}

SEC("uprobe")
int BPF_UPROBE(gethostbyname_uprobe, const char *name)
{
	return enter(name);
}

SEC("uretprobe")
int BPF_URETPROBE(gethostbyname_uretprobe)
{
	return leave(ctx);
}

SEC("uprobe")
int BPF_UPROBE(gethostbyname2_uprobe, const char *name)
{
	return enter(name);
}

SEC("uretprobe")
int BPF_URETPROBE(gethostbyname2_uretprobe)
{
	return leave(ctx);
}

char LICENSE[] SEC("license") = "GPL";
