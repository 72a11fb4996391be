/* The probe specs of the page cache counting tools (cachestat, cachetop):
 * BCC's four counts, each by fentry, else kprobe, else the tracepoint in
 * the same function; the programs are probes/lib/pagecache.bpf.h's. */
#ifndef BPFKIT_CMD_PAGECACHE_H
#define BPFKIT_CMD_PAGECACHE_H
#include "core/probe.h"

#define PAGECACHE_COUNTED(name, fn) { PM_FENTRY, name "_fentry", fn }, { PM_KPROBE, name "_kprobe", fn }
/* The index of the page access spec, which has no tracepoint: without it
 * (optional), no hits. */
#define PAGECACHE_ACCESS 1
#define PAGECACHE_PROBES                                                                                         \
	{ "page cache add",                                                                                      \
	  { PAGECACHE_COUNTED("add", "filemap_add_folio"), { PM_KPROBE, "add_kprobe", "add_to_page_cache_lru" }, \
	    { PM_TRACEPOINT, "add_tp", "filemap:mm_filemap_add_to_page_cache" } } },                             \
	{ "page access",                                                                                         \
	  { PAGECACHE_COUNTED("access", "folio_mark_accessed"), PAGECACHE_COUNTED("access", "mark_page_accessed") }, \
	  .optional = true },                                                                                    \
	{ "page dirtied",                                                                                        \
	  { PAGECACHE_COUNTED("page_dirty", "folio_account_dirtied"),                                            \
	    { PM_TRACEPOINT, "page_dirty_tp", "writeback:writeback_dirty_folio" },                               \
	    { PM_TRACEPOINT, "page_dirty_tp", "writeback:writeback_dirty_page" } } },                            \
	{ "buffer dirtied",                                                                                      \
	  { PAGECACHE_COUNTED("buf_dirty", "mark_buffer_dirty"),                                                 \
	    { PM_TRACEPOINT, "buf_dirty_tp", "block:block_dirty_buffer" } } }

/* The line a tool prints where no page access can be counted. */
#define PAGECACHE_NO_ACCESS_LINE                                                                                 \
	"no hits or hit ratio on this kernel: counting page accesses needs fentry or kprobes on folio_mark_accessed, " \
	"which it lacks; they show '-'"

/* /proc/meminfo's value of key ("Cached") in MB, as BCC prints it. */
double pagecache_meminfo_mb(const char *key);

#endif
