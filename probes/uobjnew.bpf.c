// SPDX-License-Identifier: GPL-2.0
/* uobjnew: one process's allocations counted by type, with their bytes:
 * malloc() by block size for C, the runtime's USDT probes otherwise. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "lang.bpf.h"
#include "uobjnew.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct uobjnew_key);
	__type(value, struct uobjnew_info);
} allocs SEC(".maps");

static __always_inline int add(struct uobjnew_key *k, __u64 size)
{
	struct uobjnew_info zero = {}, *v = bpf_map_lookup_elem(&allocs, k);
	if (!v) {
		bpf_map_update_elem(&allocs, k, &zero, BPF_NOEXIST);
		v = bpf_map_lookup_elem(&allocs, k);
		if (!v)
			return 0;
	}
	__sync_fetch_and_add(&v->num_allocs, 1);
	__sync_fetch_and_add(&v->total_size, size);
	return 0;
}

SEC("uprobe")
int BPF_UPROBE(malloc_uprobe, size_t size)
{
	struct uobjnew_key k = { .size = size };
	return add(&k, size);
}

/* HotSpot's object__alloc(thread, class, length, size in bytes).  17
 * tells the size only where its runtime allocates (arrays, an instance of
 * a class the interpreter has not yet seen); elsewhere 0 or a stale
 * register, negative at times, which counts as 0 (an int: -4@%ebx). */
SEC("usdt") int java_alloc_usdt(struct pt_regs *ctx)
{
	struct uobjnew_key k = {};
	long size = 0;
	lang_str(ctx, 1, 2, k.name, sizeof(k.name));
	bpf_usdt_arg(ctx, 3, &size);
	return add(&k, size < 0 ? 0 : size);
}

/* Ruby's object__create(class, file, line) tells no size; its
 * string__create, hash__create and array__create(length, file, line) the
 * length, which BCC counts as the bytes. */
SEC("usdt") int ruby_object_usdt(struct pt_regs *ctx)
{
	struct uobjnew_key k = {};
	lang_str(ctx, 0, -1, k.name, sizeof(k.name));
	return add(&k, 0);
}

#define RUBY_KIND(kind)                                                      \
	SEC("usdt") int ruby_##kind##_usdt(struct pt_regs *ctx)              \
	{                                                                    \
		struct uobjnew_key k = { .name = #kind };                    \
		long size = 0;                                               \
		bpf_usdt_arg(ctx, 0, &size);                                 \
		return add(&k, size);                                        \
	}
RUBY_KIND(string)
RUBY_KIND(hash)
RUBY_KIND(array)

/* Tcl's obj__create(object): every object alike. */
SEC("usdt") int tcl_obj_usdt(struct pt_regs *ctx)
{
	struct uobjnew_key k = { .name = "<ALL>" };
	return add(&k, 0);
}

char LICENSE[] SEC("license") = "GPL";
