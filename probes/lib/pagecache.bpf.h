/* The page cache calls BCC's cachestat and cachetop count, each by fentry,
 * kprobe or the tracepoint inside the same function, as cmd/pagecache.h's
 * specs name them.  The includer defines count_call(ctx, which) first, which
 * being probes/cachestat.h's CS_*. */
#ifndef BPFKIT_PROBES_PAGECACHE_BPF_H
#define BPFKIT_PROBES_PAGECACHE_BPF_H
#include <bpf/bpf_tracing.h>
#include "cachestat.h"

/* The function is the spec's to choose (filemap_add_folio or its older
 * name): the section names only the mechanism. */
#define PAGECACHE_COUNTED(prefix, idx)                                                      \
	SEC("fentry") int BPF_PROG(prefix##_fentry) { return count_call(ctx, idx); }       \
	SEC("kprobe") int BPF_KPROBE(prefix##_kprobe) { return count_call(ctx, idx); }

PAGECACHE_COUNTED(add, CS_ADD)
PAGECACHE_COUNTED(access, CS_ACCESS)
PAGECACHE_COUNTED(page_dirty, CS_PAGE_DIRTY)
PAGECACHE_COUNTED(buf_dirty, CS_BUF_DIRTY)

/* Each fires in the function BCC probes, once per call. */
SEC("tracepoint/filemap/mm_filemap_add_to_page_cache")
int add_tp(void *ctx)
{
	return count_call(ctx, CS_ADD);
}

SEC("tracepoint/writeback/writeback_dirty_folio")
int page_dirty_tp(void *ctx)
{
	return count_call(ctx, CS_PAGE_DIRTY);
}

SEC("tracepoint/block/block_dirty_buffer")
int buf_dirty_tp(void *ctx)
{
	return count_call(ctx, CS_BUF_DIRTY);
}

#endif
