// SPDX-License-Identifier: GPL-2.0
/* dbquery: database queries timed from start to done, for dbslower,
 * dbstat and mysqld_qslower: as events over a threshold, or as a log2
 * histogram. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/usdt.bpf.h>
#include "common.bpf.h"
#include "hist.bpf.h"
#include "dbquery.h"

const volatile __u32 mode = DBQ_USDT;
const volatile __u64 threshold_ns = 0;
const volatile bool dist = false;
const volatile __u64 dist_unit_ns = 1000000; /* dbstat: ms, or us with -u */
const volatile bool filter_pids = false;
const volatile __u32 query_len = DBQUERY_LEN;

BPF_MAP(targets, BPF_MAP_TYPE_HASH, __u32, __u8, DBQUERY_MAX_PIDS);

struct start {
	__u64 ts;
	const char *query; /* USDT: the server keeps it until done */
	char copy[DBQUERY_LEN]; /* uprobes: MySQL clears the packet before the return */
};

BPF_MAP(starts, BPF_MAP_TYPE_HASH, __u64, struct start, 10240);
/* The start being filled in, off the 512-byte BPF stack. */
BPF_MAP(scratch, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct start, 1);
BPF_MAP(event_buf, BPF_MAP_TYPE_PERCPU_ARRAY, __u32, struct db_event, 1);
HIST_MAP(hists, 1);

/* A -p process, or a descendant of one: a server that forks a process per
 * connection runs its queries there. */
static __always_inline bool traced(void)
{
	if (!filter_pids)
		return true;
	struct task_struct *task = (void *)bpf_get_current_task();
	for (int i = 0; i <= DBQUERY_ANCESTORS && task; i++) {
		__u32 tgid = BPF_CORE_READ(task, tgid);
		if (bpf_map_lookup_elem(&targets, &tgid))
			return true;
		task = BPF_CORE_READ(task, real_parent);
	}
	return false;
}

static __always_inline struct start *begin(void)
{
	__u32 zero = 0;
	if (!traced())
		return NULL;
	struct start *s = bpf_map_lookup_elem(&scratch, &zero);
	if (s)
		s->ts = bpf_ktime_get_ns();
	return s;
}

static __always_inline void keep(struct start *s)
{
	__u64 id = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&starts, &id, s, BPF_ANY);
}

static __always_inline int done(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct start *s = bpf_map_lookup_elem(&starts, &id);
	if (!s)
		return 0;
	__u64 delta = bpf_ktime_get_ns() - s->ts;
	if (delta < threshold_ns)
		goto out;
	if (dist) {
		hist_add(&hists, 0, delta / dist_unit_ns, NULL);
		goto out;
	}
	__u32 zero = 0;
	struct db_event *e = bpf_map_lookup_elem(&event_buf, &zero);
	if (!e)
		goto out;
	e->pid = id >> 32;
	e->ts = s->ts;
	e->delta = delta;
	__u32 len = query_len <= DBQUERY_LEN ? query_len : DBQUERY_LEN;
	if (mode == DBQ_USDT)
		bpf_probe_read_user_str(e->query, len, s->query);
	else
		bpf_probe_read_kernel_str(e->query, len, s->copy);
	events_output(ctx, e, sizeof(*e));
out:
	bpf_map_delete_elem(&starts, &id);
	return 0;
}

SEC("usdt")
int BPF_USDT(query_start_usdt, const char *query)
{
	struct start *s = begin();
	if (!s)
		return 0;
	s->query = query;
	keep(s);
	return 0;
}

SEC("usdt")
int BPF_USDT(query_done_usdt)
{
	return done(ctx);
}

/* COM_QUERY in enum enum_server_command: the other commands (ping,
 * statistics, prepared statements' ids) carry no query text. */
#define COM_QUERY 3

SEC("uprobe")
int BPF_UPROBE(dispatch_uprobe, void *a1, void *a2, void *a3)
{
	const char *query;
	if (mode == DBQ_MYSQL57) {
		if ((__u64)a3 != COM_QUERY)
			return 0;
		/* COM_DATA's com_query starts with the query's pointer. */
		if (bpf_probe_read_user(&query, sizeof(query), a2))
			return 0;
	} else {
		if ((__u32)(__u64)a1 != COM_QUERY)
			return 0;
		query = a3;
	}
	struct start *s = begin();
	if (!s)
		return 0;
	s->query = NULL;
	if (bpf_probe_read_user_str(s->copy, sizeof(s->copy), query) < 0)
		s->copy[0] = 0;
	keep(s);
	return 0;
}

SEC("uretprobe")
int BPF_URETPROBE(dispatch_uretprobe)
{
	return done(ctx);
}

char LICENSE[] SEC("license") = "GPL";
