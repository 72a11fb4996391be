// SPDX-License-Identifier: GPL-2.0
/* ugc: garbage collections of one process, begin to end, by its runtime's
 * USDT probes, with what each runtime tells of them. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lang.bpf.h"
#include "ugc.h"

const volatile __u64 min_ns = 0; /* -M */

/* A collection begun, by thread, kind and (HotSpot's pools, each begun
 * in turn before each ends) the pool's name's address. */
struct gc_key {
	__u64 id, pool;
	__u32 kind, pad;
};
struct begin {
	__u64 ts, field1, field2;
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct gc_key);
	__type(value, struct begin);
} begun SEC(".maps");

static __always_inline void key_of(struct pt_regs *ctx, __u32 kind, struct gc_key *k)
{
	k->id = bpf_get_current_pid_tgid();
	k->kind = kind;
	if (kind == UGC_JAVA_POOL)
		bpf_usdt_arg(ctx, 2, (long *)&k->pool);
}

static __always_inline int on_begin(struct pt_regs *ctx, __u32 kind, int arg1, int arg2)
{
	struct gc_key k = {};
	key_of(ctx, kind, &k);
	struct begin b = { bpf_ktime_get_ns() };
	if (arg1 >= 0)
		bpf_usdt_arg(ctx, arg1, (long *)&b.field1);
	if (arg2 >= 0)
		bpf_usdt_arg(ctx, arg2, (long *)&b.field2);
	bpf_map_update_elem(&begun, &k, &b, BPF_ANY);
	return 0;
}

/* The end's event, NULL when its begin was not seen or it was short. */
static __always_inline int on_end(struct pt_regs *ctx, __u32 kind, struct ugc_event *e)
{
	struct gc_key k = {};
	key_of(ctx, kind, &k);
	struct begin *b = bpf_map_lookup_elem(&begun, &k);
	if (!b)
		return -1;
	e->elapsed_ns = bpf_ktime_get_ns() - b->ts;
	e->field1 = b->field1;
	e->field2 = b->field2;
	e->kind = kind;
	bpf_map_delete_elem(&begun, &k);
	return e->elapsed_ns < min_ns ? -1 : 0;
}

/* HotSpot's mem__pool__gc__begin/end(manager, len, pool, len, initial,
 * used, committed, max): used and max at the start and the end. */
SEC("usdt") int java_pool_begin_usdt(struct pt_regs *ctx) { return on_begin(ctx, UGC_JAVA_POOL, 5, 7); }
SEC("usdt") int java_pool_end_usdt(struct pt_regs *ctx)
{
	struct ugc_event e = {};
	if (on_end(ctx, UGC_JAVA_POOL, &e))
		return 0;
	bpf_usdt_arg(ctx, 5, (long *)&e.field3);
	bpf_usdt_arg(ctx, 7, (long *)&e.field4);
	lang_str(ctx, 0, 1, e.string1, sizeof(e.string1));
	lang_str(ctx, 2, 3, e.string2, sizeof(e.string2));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

#define PLAIN_PAIR(prefix, kind)                                                                      \
	SEC("usdt") int prefix##_begin_usdt(struct pt_regs *ctx) { return on_begin(ctx, kind, -1, -1); } \
	SEC("usdt") int prefix##_end_usdt(struct pt_regs *ctx)                                           \
	{                                                                                                \
		struct ugc_event e = {};                                                                 \
		if (!on_end(ctx, kind, &e))                                                              \
			events_output(ctx, &e, sizeof(e));                                               \
		return 0;                                                                                \
	}
PLAIN_PAIR(java_gc, UGC_JAVA_GC)
PLAIN_PAIR(ruby_mark, UGC_RUBY_MARK)
PLAIN_PAIR(ruby_sweep, UGC_RUBY_SWEEP)

/* Node's gc__done(type, flags): the type's bits. */
SEC("usdt") int node_gc_begin_usdt(struct pt_regs *ctx) { return on_begin(ctx, UGC_NODE, -1, -1); }
SEC("usdt") int node_gc_end_usdt(struct pt_regs *ctx)
{
	struct ugc_event e = {};
	if (on_end(ctx, UGC_NODE, &e))
		return 0;
	bpf_usdt_arg(ctx, 0, (long *)&e.field1);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

/* CPython's gc__start(generation) and gc__done(collected). */
SEC("usdt") int python_gc_begin_usdt(struct pt_regs *ctx) { return on_begin(ctx, UGC_PYTHON, 0, -1); }
SEC("usdt") int python_gc_end_usdt(struct pt_regs *ctx)
{
	struct ugc_event e = {};
	if (on_end(ctx, UGC_PYTHON, &e))
		return 0;
	bpf_usdt_arg(ctx, 0, (long *)&e.field2);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
