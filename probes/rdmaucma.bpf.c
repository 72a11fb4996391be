// SPDX-License-Identifier: GPL-2.0
/* rdmaucma: the RDMA connection manager's events for user space ids, as
 * BCC's: ucma_event_handler() of the rdma_ucm module, by fentry or kprobe.
 * The module's types are not in vmlinux.h: the fields read are declared
 * here and relocated against the module's BTF when loaded. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "rdmaucma.h"

#define AF_INET 2
#define AF_INET6 10

struct rdma_addr {
	struct __kernel_sockaddr_storage src_addr, dst_addr;
} __attribute__((preserve_access_index));
struct rdma_route {
	struct rdma_addr addr;
} __attribute__((preserve_access_index));
struct rdma_cm_id {
	struct rdma_route route;
} __attribute__((preserve_access_index));
/* An enum, for CO-RE to match the module's field. */
enum rdma_cm_event_type { RDMA_CM_EVENT_ADDR_RESOLVED };
struct rdma_cm_event {
	enum rdma_cm_event_type event;
} __attribute__((preserve_access_index));

static __always_inline void addr(const struct __kernel_sockaddr_storage *ss, __u16 family, __u8 *out, __u16 *port)
{
	if (family == AF_INET) {
		const struct sockaddr_in *in = (const void *)ss;
		bpf_probe_read_kernel(out, 4, &in->sin_addr);
		*port = bpf_ntohs(BPF_CORE_READ(in, sin_port));
	} else {
		const struct sockaddr_in6 *in6 = (const void *)ss;
		bpf_probe_read_kernel(out, 16, &in6->sin6_addr);
		*port = bpf_ntohs(BPF_CORE_READ(in6, sin6_port));
	}
}

static __always_inline int handled(void *ctx, struct rdma_cm_id *id, struct rdma_cm_event *ev)
{
	struct rdma_event e = { .event = BPF_CORE_READ(ev, event) };
	struct rdma_addr *a = &id->route.addr;
	e.family = BPF_CORE_READ(a, src_addr.ss_family);
	/* As BCC: other families (AF_IB) are not shown. */
	if (e.family != AF_INET && e.family != AF_INET6)
		return 0;
	addr(&a->src_addr, e.family, e.saddr, &e.sport);
	addr(&a->dst_addr, e.family, e.daddr, &e.dport);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

SEC("fentry/ucma_event_handler")
int BPF_PROG(ucma_fentry, struct rdma_cm_id *id, struct rdma_cm_event *ev)
{
	return handled(ctx, id, ev);
}

SEC("kprobe/ucma_event_handler")
int BPF_KPROBE(ucma_kprobe, struct rdma_cm_id *id, struct rdma_cm_event *ev)
{
	return handled(ctx, id, ev);
}

char LICENSE[] SEC("license") = "GPL";
