// SPDX-License-Identifier: GPL-2.0
/* netqtop: packets and their sizes per queue of one NIC, as BCC's: the
 * net_dev_start_xmit tracepoint for TX, netif_receive_skb for RX. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "twins.bpf.h"
#include "netqtop.h"

/* The NIC: its index in the tool's network namespace (BCC compares the
 * name, which a device of another namespace may share). */
const volatile __u32 targ_ifindex = 0;
const volatile __u32 targ_netns = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2 * NETQ_MAX_QUEUES);
	__type(key, struct netq_key);
	__type(value, struct netq_val);
} queues SEC(".maps");

static __always_inline int count(const struct sk_buff *skb, __u16 dir)
{
	const struct net_device *dev = BPF_CORE_READ(skb, dev);
	if (!dev || BPF_CORE_READ(dev, ifindex) != targ_ifindex ||
	    BPF_CORE_READ(dev, nd_net.net, ns.inum) != targ_netns)
		return 0;
	__u16 q = BPF_CORE_READ(skb, queue_mapping);
	/* Received: skb_get_rx_queue(), queue 0 where the driver recorded none. */
	struct netq_key k = { .dir = dir, .queue = dir && q ? q - 1 : dir ? 0 : q };
	struct netq_val zero = {}, *v = bpf_map_lookup_elem(&queues, &k);
	if (!v) {
		bpf_map_update_elem(&queues, &k, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&queues, &k);
		if (!v)
			return 0;
	}
	__u32 len = BPF_CORE_READ(skb, len);
	int c = len < 64 ? 0 : len < 512 ? 1 : len < 2048 ? 2 : len < 16384 ? 3 : len < 65536 ? 4 : -1;
	__sync_fetch_and_add(&v->bytes, len);
	__sync_fetch_and_add(&v->packets, 1);
	if (c >= 0 && c < NETQ_SIZES)
		__sync_fetch_and_add(&v->sizes[c], 1);
	return 0;
}

BTF_RAW_TWINS(net_dev_start_xmit, xmit, count(skb, 0), const struct sk_buff *skb, const struct net_device *dev)
BTF_RAW_TWINS(netif_receive_skb, receive, count(skb, 1), struct sk_buff *skb)

char LICENSE[] SEC("license") = "GPL";
