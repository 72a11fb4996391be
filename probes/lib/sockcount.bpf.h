/* BCC's count tables (tcpconnect -c, bindsnoop --count): with count_only
 * set (core's OPT_FLAG .rodata), a count per socket tuple in sock_counts
 * instead of an event; core/netcount.c prints the map at the end.  Include
 * after sock.bpf.h. */
#ifndef BPFKIT_PROBES_SOCKCOUNT_BPF_H
#define BPFKIT_PROBES_SOCKCOUNT_BPF_H

const volatile bool count_only = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sock_tuple);
	__type(value, __u64);
} sock_counts SEC(".maps");

/* One more for key (the tuple, what is not counted by zeroed). */
static __always_inline void sock_count(const struct sock_tuple *key)
{
	__u64 one = 1, *n = bpf_map_lookup_elem(&sock_counts, key);
	if (n) {
		__sync_fetch_and_add(n, 1);
		return;
	}
	/* Another CPU may have made it since the lookup: add to its one. */
	if (bpf_map_update_elem(&sock_counts, key, &one, BPF_NOEXIST)) {
		n = bpf_map_lookup_elem(&sock_counts, key);
		if (n)
			__sync_fetch_and_add(n, 1);
	}
}

#endif
