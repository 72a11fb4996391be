// SPDX-License-Identifier: GPL-2.0
/* memleak: allocations not yet freed, by the stack that made them.  User
 * allocators by uprobes on entry (the size asked for) and return (the
 * block's address), frees by address; the kernel's by its kmem and percpu
 * tracepoints, which tell both at once. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "stackstore.bpf.h"
#include "memleak.h"

const volatile __u32 targ_tgid = 0;
const volatile __u64 min_size = 0;
const volatile __u64 max_size = ~0ULL;
const volatile __u64 sample_rate = 1;
const volatile __u64 page_size = 4096;
const volatile bool trace_all = false;
const volatile bool kernel_mode = false;
const volatile bool wa_missing_free = false;

/* Sizes between an allocator's entry and its return, by kind and thread. */
BPF_MAP(sizes, BPF_MAP_TYPE_HASH, __u64, __u64, 10240);
BPF_MAP(allocs, BPF_MAP_TYPE_HASH, __u64, struct memleak_alloc, MEMLEAK_ALLOCS_MAX);
BPF_MAP(combined_allocs, BPF_MAP_TYPE_HASH, __s64, struct memleak_combined, MEMLEAK_COMBINED_MAX);
/* posix_memalign's out pointer, read at its return. */
BPF_MAP(memptrs, BPF_MAP_TYPE_HASH, __u32, __u64, 10240);

static __always_inline void trace(void *ctx, __u32 what, __u64 size, __u64 addr)
{
	if (!trace_all)
		return;
	__u64 id = bpf_get_current_pid_tgid();
	struct memleak_event e = { .ts_ns = bpf_ktime_get_ns(), .size = size, .addr = addr, .pid = id >> 32,
				   .tid = id, .what = what, .cpu = bpf_get_smp_processor_id() };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	events_output(ctx, &e, sizeof(e));
}

static __always_inline bool other_process(void)
{
	return targ_tgid && bpf_get_current_pid_tgid() >> 32 != targ_tgid;
}

static __always_inline void combined_add(__s64 stack_id, __u64 size)
{
	struct memleak_combined zero = {}, *c = bpf_map_lookup_elem(&combined_allocs, &stack_id);
	if (!c) {
		bpf_map_update_elem(&combined_allocs, &stack_id, &zero, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&combined_allocs, &stack_id);
		if (!c)
			return;
	}
	__sync_fetch_and_add(&c->total_size, size);
	__sync_fetch_and_add(&c->count, 1);
}

static __always_inline void combined_del(__s64 stack_id, __u64 size)
{
	struct memleak_combined *c = bpf_map_lookup_elem(&combined_allocs, &stack_id);
	if (!c)
		return;
	if (c->count > 1) {
		__sync_fetch_and_add(&c->total_size, -size);
		__sync_fetch_and_add(&c->count, -1);
	} else {
		bpf_map_delete_elem(&combined_allocs, &stack_id);
	}
}

/* The block at addr is no longer outstanding: its size, or 0 when it was
 * not recorded (or another CPU took it off meanwhile). */
static __always_inline __u64 forget(__u64 addr)
{
	struct memleak_alloc *a = bpf_map_lookup_elem(&allocs, &addr);
	if (!a)
		return 0;
	__u64 size = a->size;
	__s64 stack_id = a->stack_id;
	if (bpf_map_delete_elem(&allocs, &addr))
		return 0;
	combined_del(stack_id, size);
	return size;
}

static __always_inline int free_enter(void *ctx, __u64 addr)
{
	__u64 size = forget(addr);
	if (size)
		trace(ctx, ML_FREE_ENTER, size, addr);
	return 0;
}

static __always_inline int alloc_enter(void *ctx, __u64 size, __u32 kind)
{
	if (size < min_size || size > max_size)
		return 0;
	if (sample_rate > 1 && bpf_ktime_get_ns() % sample_rate)
		return 0;
	__u64 key = (__u64)kind << 32 | (__u32)bpf_get_current_pid_tgid();
	bpf_map_update_elem(&sizes, &key, &size, BPF_ANY);
	trace(ctx, ML_ALLOC_ENTER, size, 0);
	return 0;
}

static __always_inline int alloc_exit(void *ctx, __u64 addr, __u32 kind)
{
	__u64 key = (__u64)kind << 32 | (__u32)bpf_get_current_pid_tgid();
	__u64 *size = bpf_map_lookup_elem(&sizes, &key);
	if (!size)
		return 0; /* its entry was not seen, filtered or sampled out */
	struct memleak_alloc a = { .size = *size };
	bpf_map_delete_elem(&sizes, &key);
	if (addr) {
		/* A block already recorded is recorded again by an allocator
		 * inside another or under two names (glibc's aligned_alloc is
		 * memalign): counted once.  The kernel's, BCC's way: only
		 * with --wa-missing-free. */
		if (!kernel_mode || wa_missing_free)
			forget(addr);
		a.ts_ns = bpf_ktime_get_ns();
		a.stack_id = stack_store(ctx, kernel_mode ? 0 : BPF_F_USER_STACK);
		bpf_map_update_elem(&allocs, &addr, &a, BPF_ANY);
		combined_add(a.stack_id, a.size);
	}
	trace(ctx, ML_ALLOC_EXIT, a.size, addr);
	return 0;
}

/* User allocators: entry keeps the size, return records the block. */
#define USER_ALLOC(name, kind, size_expr, ...)                                           \
	SEC("uprobe")                                                                    \
	int BPF_UPROBE(name##_uprobe, ##__VA_ARGS__)                                     \
	{                                                                                \
		return other_process() ? 0 : alloc_enter(ctx, size_expr, kind);          \
	}                                                                                \
	SEC("uretprobe")                                                                 \
	int BPF_URETPROBE(name##_uretprobe, void *ret)                                   \
	{                                                                                \
		return other_process() ? 0 : alloc_exit(ctx, (__u64)ret, kind);          \
	}

USER_ALLOC(malloc, ML_MALLOC, size, size_t size)
USER_ALLOC(calloc, ML_CALLOC, nmemb * size, size_t nmemb, size_t size)
USER_ALLOC(valloc, ML_VALLOC, size, size_t size)
USER_ALLOC(pvalloc, ML_PVALLOC, size, size_t size)
USER_ALLOC(memalign, ML_MEMALIGN, size, size_t align, size_t size)
USER_ALLOC(aligned_alloc, ML_ALIGNED_ALLOC, size, size_t align, size_t size)
USER_ALLOC(mmap, ML_MMAP, length, void *addr, size_t length)

SEC("uprobe")
int BPF_UPROBE(realloc_uprobe, void *ptr, size_t size)
{
	if (other_process())
		return 0;
	free_enter(ctx, (__u64)ptr);
	return alloc_enter(ctx, size, ML_REALLOC);
}

SEC("uretprobe")
int BPF_URETPROBE(realloc_uretprobe, void *ret)
{
	return other_process() ? 0 : alloc_exit(ctx, (__u64)ret, ML_REALLOC);
}

SEC("uprobe")
int BPF_UPROBE(posix_memalign_uprobe, void **memptr, size_t align, size_t size)
{
	if (other_process())
		return 0;
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 p = (__u64)memptr;
	bpf_map_update_elem(&memptrs, &tid, &p, BPF_ANY);
	return alloc_enter(ctx, size, ML_POSIX_MEMALIGN);
}

SEC("uretprobe")
int BPF_URETPROBE(posix_memalign_uretprobe, int ret)
{
	if (other_process())
		return 0;
	__u32 tid = bpf_get_current_pid_tgid();
	__u64 *p = bpf_map_lookup_elem(&memptrs, &tid);
	if (!p)
		return 0;
	void *addr = NULL;
	long err = ret ? -1 : bpf_probe_read_user(&addr, sizeof(addr), (void *)*p);
	bpf_map_delete_elem(&memptrs, &tid);
	return alloc_exit(ctx, err ? 0 : (__u64)addr, ML_POSIX_MEMALIGN);
}

SEC("uprobe")
int BPF_UPROBE(free_uprobe, void *ptr)
{
	return other_process() ? 0 : free_enter(ctx, (__u64)ptr);
}

SEC("uprobe")
int BPF_UPROBE(munmap_uprobe, void *addr)
{
	return other_process() ? 0 : free_enter(ctx, (__u64)addr);
}

/* The kernel's: the records' layouts changed over the years (the shared
 * kmem_alloc and kmem_free classes were split in 5.12 and 6.2, the _node
 * events dropped in 6.1), so each field is read by CO-RE under the name
 * of its layout. */
struct trace_event_raw_kmem_alloc___x { const void *ptr; size_t bytes_alloc; } __attribute__((preserve_access_index));
struct trace_event_raw_kmem_alloc_node___x { const void *ptr; size_t bytes_alloc; } __attribute__((preserve_access_index));
struct trace_event_raw_kmalloc___x { const void *ptr; size_t bytes_alloc; } __attribute__((preserve_access_index));
struct trace_event_raw_kmem_cache_alloc___x { const void *ptr; size_t bytes_alloc; } __attribute__((preserve_access_index));
struct trace_event_raw_kmem_free___x { const void *ptr; } __attribute__((preserve_access_index));
struct trace_event_raw_kfree___x { const void *ptr; } __attribute__((preserve_access_index));
struct trace_event_raw_kmem_cache_free___x { const void *ptr; } __attribute__((preserve_access_index));
struct trace_event_raw_mm_page_alloc___x { unsigned long pfn; unsigned int order; } __attribute__((preserve_access_index));
struct trace_event_raw_mm_page_free___x { unsigned long pfn; } __attribute__((preserve_access_index));
struct trace_event_raw_percpu_alloc_percpu___x { size_t size; void *ptr; } __attribute__((preserve_access_index));
struct trace_event_raw_percpu_free_percpu___x { void *ptr; } __attribute__((preserve_access_index));

#define TP_FIELD(ctx, layout, field) BPF_CORE_READ((struct trace_event_raw_##layout##___x *)(ctx), field)
/* The field of whichever of two layouts this kernel has. */
#define TP_FIELD2(ctx, old, new, field)                                                          \
	(bpf_core_type_exists(struct trace_event_raw_##old##___x) ? (__u64)TP_FIELD(ctx, old, field) \
								   : (__u64)TP_FIELD(ctx, new, field))

static __always_inline int kernel_alloc(void *ctx, __u64 addr, __u64 size)
{
	alloc_enter(ctx, size, ML_KERNEL);
	return alloc_exit(ctx, addr, ML_KERNEL);
}

SEC("tracepoint/kmem/kmalloc")
int kmalloc_tp(void *ctx)
{
	return kernel_alloc(ctx, TP_FIELD2(ctx, kmem_alloc, kmalloc, ptr), TP_FIELD2(ctx, kmem_alloc, kmalloc, bytes_alloc));
}

SEC("tracepoint/kmem/kmem_cache_alloc")
int kmem_cache_alloc_tp(void *ctx)
{
	return kernel_alloc(ctx, TP_FIELD2(ctx, kmem_alloc, kmem_cache_alloc, ptr),
			    TP_FIELD2(ctx, kmem_alloc, kmem_cache_alloc, bytes_alloc));
}

SEC("tracepoint/kmem/kmalloc_node")
int kmalloc_node_tp(void *ctx)
{
	return kernel_alloc(ctx, (__u64)TP_FIELD(ctx, kmem_alloc_node, ptr), TP_FIELD(ctx, kmem_alloc_node, bytes_alloc));
}

SEC("tracepoint/kmem/kmem_cache_alloc_node")
int kmem_cache_alloc_node_tp(void *ctx)
{
	return kernel_alloc(ctx, (__u64)TP_FIELD(ctx, kmem_alloc_node, ptr), TP_FIELD(ctx, kmem_alloc_node, bytes_alloc));
}

SEC("tracepoint/kmem/kfree")
int kfree_tp(void *ctx)
{
	return free_enter(ctx, TP_FIELD2(ctx, kmem_free, kfree, ptr));
}

SEC("tracepoint/kmem/kmem_cache_free")
int kmem_cache_free_tp(void *ctx)
{
	return free_enter(ctx, TP_FIELD2(ctx, kmem_free, kmem_cache_free, ptr));
}

/* Pages by frame number, which both of the page allocator's interfaces
 * report, so a page taken by one and given back by the other still pairs. */
SEC("tracepoint/kmem/mm_page_alloc")
int mm_page_alloc_tp(void *ctx)
{
	alloc_enter(ctx, page_size << TP_FIELD(ctx, mm_page_alloc, order), ML_KERNEL);
	return alloc_exit(ctx, TP_FIELD(ctx, mm_page_alloc, pfn), ML_KERNEL);
}

SEC("tracepoint/kmem/mm_page_free")
int mm_page_free_tp(void *ctx)
{
	return free_enter(ctx, TP_FIELD(ctx, mm_page_free, pfn));
}

SEC("tracepoint/percpu/percpu_alloc_percpu")
int percpu_alloc_tp(void *ctx)
{
	alloc_enter(ctx, TP_FIELD(ctx, percpu_alloc_percpu, size), ML_KERNEL);
	return alloc_exit(ctx, (__u64)TP_FIELD(ctx, percpu_alloc_percpu, ptr), ML_KERNEL);
}

SEC("tracepoint/percpu/percpu_free_percpu")
int percpu_free_tp(void *ctx)
{
	return free_enter(ctx, (__u64)TP_FIELD(ctx, percpu_free_percpu, ptr));
}

char LICENSE[] SEC("license") = "GPL";
