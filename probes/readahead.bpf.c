// SPDX-License-Identifier: GPL-2.0
/* readahead: pages the kernel reads ahead, and how long each waits for its
 * first use, as BCC's readahead.  A page is read ahead when it is added to
 * the cache inside the window a readahead call is filling (the thread's
 * last page_cache_ra_unbounded or page_cache_ra_order); it is used when a
 * page access (folio_mark_accessed), or where the kernel cannot trace that
 * a read or a fault, reaches it. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "hist.bpf.h"

const volatile __u32 targ_tgid = 0;

struct window {
	__u64 ino, first, end;
	__u32 dev;
};

struct page_key {
	__u64 ino, index;
	__u32 dev, pad;
};

/* The readahead window each thread is filling. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct window);
} windows SEC(".maps");

/* Pages read ahead and not used yet: when they came. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1 << 16);
	__type(key, struct page_key);
	__type(value, __u64);
} birth SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct hist);
} dist SEC(".maps");

/* Pages read ahead less pages used, as BCC's pages[0]. */
__s64 unused = 0;

static __always_inline int window(__u32 dev, __u64 ino, __u64 index, __u64 n)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (targ_tgid && (id >> 32) != targ_tgid)
		return 0;
	struct window w = { .ino = ino, .first = index, .end = index + n, .dev = dev };
	bpf_map_update_elem(&windows, &tid, &w, BPF_ANY);
	return 0;
}

static __always_inline int added(__u32 dev, __u64 ino, __u64 index)
{
	__u32 tid = bpf_get_current_pid_tgid();
	struct window *w = bpf_map_lookup_elem(&windows, &tid);
	if (!w || w->dev != dev || w->ino != ino || index < w->first || index >= w->end)
		return 0;
	struct page_key k = { .ino = ino, .index = index, .dev = dev };
	__u64 now = bpf_ktime_get_ns();
	if (bpf_map_update_elem(&birth, &k, &now, BPF_NOEXIST) == 0)
		__sync_fetch_and_add(&unused, 1);
	return 0;
}

static void used(__u32 dev, __u64 ino, __u64 index)
{
	struct page_key k = { .ino = ino, .index = index, .dev = dev };
	__u64 *ts = bpf_map_lookup_elem(&birth, &k);
	if (!ts)
		return;
	__u64 age_ms = (bpf_ktime_get_ns() - *ts) / 1000000;
	if (bpf_map_delete_elem(&birth, &k) == 0) {
		__sync_fetch_and_add(&unused, -1);
		hist_add(&dist, 0, age_ms, NULL);
	}
}

/* A read's pages, or a mapping's: the first 1024 of the range each time (a
 * longer read reaches the rest in its next batch).  bpf_loop (5.17), which
 * every kernel with these tracepoints has, keeps the verifier's walk short. */
struct page_range {
	__u64 ino, first, last;
	__u32 dev;
};

static long range_step(__u64 i, void *ctx)
{
	struct page_range *r = ctx;
	if (r->first + i > r->last)
		return 1;
	used(r->dev, r->ino, r->first + i);
	return 0;
}

static __always_inline int used_range(__u32 dev, __u64 ino, __u64 first, __u64 last)
{
	struct page_range r = { .ino = ino, .first = first, .last = last, .dev = dev };
	bpf_loop(1024, range_step, &r, 0);
	return 0;
}

static __always_inline int used_mapping(struct address_space *mapping, __u64 index)
{
	/* Anonymous and KSM pages have a tagged pointer here, not a file's. */
	if (!mapping || ((unsigned long)mapping & 3))
		return 0;
	struct inode *host = BPF_CORE_READ(mapping, host);
	used(BPF_CORE_READ(host, i_sb, s_dev), BPF_CORE_READ(host, i_ino), index);
	return 0;
}

static __always_inline int ra_window(struct readahead_control *ractl, __u64 n)
{
	struct inode *host = BPF_CORE_READ(ractl, mapping, host);
	return window(BPF_CORE_READ(host, i_sb, s_dev), BPF_CORE_READ(host, i_ino), BPF_CORE_READ(ractl, _index), n);
}

SEC("fentry")
int BPF_PROG(unbounded_fentry, struct readahead_control *ractl, unsigned long nr_to_read)
{
	return ra_window(ractl, nr_to_read);
}
SEC("kprobe")
int BPF_KPROBE(unbounded_kprobe, struct readahead_control *ractl, unsigned long nr_to_read)
{
	return ra_window(ractl, nr_to_read);
}
SEC("tracepoint/readahead/page_cache_ra_unbounded")
int unbounded_tp(struct trace_event_raw_page_cache_ra_unbounded *ctx)
{
	return window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->nr_to_read);
}

SEC("fentry")
int BPF_PROG(order_fentry, struct readahead_control *ractl, struct file_ra_state *ra)
{
	return ra_window(ractl, BPF_CORE_READ(ra, size));
}
SEC("kprobe")
int BPF_KPROBE(order_kprobe, struct readahead_control *ractl, struct file_ra_state *ra)
{
	return ra_window(ractl, BPF_CORE_READ(ra, size));
}
SEC("tracepoint/readahead/page_cache_ra_order")
int order_tp(struct trace_event_raw_page_cache_ra_order *ctx)
{
	return window(ctx->s_dev, ctx->i_ino, ctx->index, ctx->size);
}

SEC("tracepoint/filemap/mm_filemap_add_to_page_cache")
int add_tp(struct trace_event_raw_mm_filemap_op_page_cache *ctx)
{
	return added(ctx->s_dev, ctx->i_ino, ctx->index);
}

SEC("fentry")
int BPF_PROG(access_fentry, struct folio *folio)
{
	return used_mapping(BPF_CORE_READ(folio, mapping), BPF_CORE_READ(folio, index));
}
SEC("kprobe")
int BPF_KPROBE(access_kprobe, struct folio *folio)
{
	return used_mapping(BPF_CORE_READ(folio, mapping), BPF_CORE_READ(folio, index));
}
/* mark_page_accessed(page), before folios: the same two fields, under
 * the name struct page gave index then. */
struct page___old {
	struct address_space *mapping;
	unsigned long index;
} __attribute__((preserve_access_index));
SEC("kprobe")
int BPF_KPROBE(page_access_kprobe, struct page___old *page)
{
	return used_mapping(BPF_CORE_READ(page, mapping), BPF_CORE_READ(page, index));
}
SEC("tracepoint/filemap/mm_filemap_get_pages")
int read_tp(struct trace_event_raw_mm_filemap_op_page_cache_range *ctx)
{
	return used_range(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index);
}
SEC("tracepoint/filemap/mm_filemap_map_pages")
int map_tp(struct trace_event_raw_mm_filemap_op_page_cache_range *ctx)
{
	return used_range(ctx->s_dev, ctx->i_ino, ctx->index, ctx->last_index);
}
SEC("tracepoint/filemap/mm_filemap_fault")
int fault_tp(struct trace_event_raw_mm_filemap_fault *ctx)
{
	used(ctx->s_dev, ctx->i_ino, ctx->index);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
