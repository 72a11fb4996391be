// SPDX-License-Identifier: GPL-2.0
/* sslsniff: the plaintext of TLS libraries' read and write calls, copied
 * at their return (the buffer holds the data only then for reads), with
 * the call's latency; and handshakes' latency. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "sslsniff.h"

const volatile __u32 targ_tgid = 0;
const volatile __u32 targ_uid = 0;
const volatile bool filter_uid = false;
const volatile char targ_comm[16] = {}; /* "": any */
const volatile __u32 max_buf = 8192;

/* A call in progress on a thread: where its data goes, and for the _ex
 * forms (OpenSSL 1.1.1+) where the byte count will be. */
struct pending {
	__u64 ts;
	__u64 buf;
	__u64 count_ptr;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct pending);
} pending SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ssl_event);
} scratch SEC(".maps");

static __always_inline bool wanted(__u32 pid)
{
	if (targ_tgid && pid != targ_tgid)
		return false;
	if (filter_uid && (__u32)bpf_get_current_uid_gid() != targ_uid)
		return false;
	if (targ_comm[0]) {
		char comm[16];
		bpf_get_current_comm(comm, sizeof(comm));
		for (int i = 0; i < 16; i++) {
			if (comm[i] != targ_comm[i])
				return false;
			if (!comm[i])
				break;
		}
	}
	return !is_self();
}

static __always_inline int enter(const void *buf, const void *count_ptr)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id;
	if (!wanted(id >> 32))
		return 0;
	struct pending p = { .ts = bpf_ktime_get_ns(), .buf = (__u64)buf, .count_ptr = (__u64)count_ptr };
	bpf_map_update_elem(&pending, &tid, &p, BPF_ANY);
	return 0;
}

/* ret: the call's return; for the _ex forms 1 on success with the count in
 * *count_ptr. */
static __always_inline int leave(void *ctx, long ret, enum ssl_op op)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = id, zero = 0;
	struct pending *p = bpf_map_lookup_elem(&pending, &tid);
	if (!p)
		return 0;
	struct pending call = *p;
	bpf_map_delete_elem(&pending, &tid);
	long len = ret;
	if (op == SSL_OP_HANDSHAKE) {
		if (ret <= 0) /* failed */
			return 0;
		len = 0;
	} else if (call.count_ptr) {
		size_t count = 0;
		if (ret != 1 || bpf_probe_read_user(&count, sizeof(count), (void *)call.count_ptr))
			return 0;
		len = (long)count;
	}
	if (len < 0 || (len == 0 && op != SSL_OP_HANDSHAKE))
		return 0; /* no data */
	struct ssl_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->delta_ns = e->ts_ns - call.ts;
	e->pid = id >> 32;
	e->tid = tid;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->len = (__u32)len;
	e->op = op;
	e->buf_filled = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	__u32 n = len < max_buf ? (__u32)len : max_buf;
	if (n > SSLSNIFF_MAX_BUF)
		n = SSLSNIFF_MAX_BUF;
	if (n && !bpf_probe_read_user(e->buf, n, (void *)call.buf))
		e->buf_filled = 1;
	else
		n = 0;
	events_output(ctx, e, SSL_EVENT_SIZE(n));
	return 0;
}

/* SSL_read/SSL_write, gnutls_record_recv/send, PR_Read/Write/Recv/Send:
 * (handle, buffer, count, ...), the bytes moved returned. */
SEC("uprobe")
int BPF_UPROBE(rw_enter, void *handle, const void *buf)
{
	return enter(buf, NULL);
}

/* SSL_read_ex/SSL_write_ex(ssl, buf, num, size_t *count) return 1 with
 * the bytes moved in *count: Python's ssl module calls these. */
SEC("uprobe")
int BPF_UPROBE(rw_ex_enter, void *ssl, const void *buf, size_t num, size_t *count)
{
	return enter(buf, count);
}

/* OpenSSL's and NSS's calls return int; gnutls_record_* return ssize_t:
 * each read at its width, or the upper half is garbage. */
SEC("uretprobe")
int BPF_URETPROBE(read_return, int ret)
{
	return leave(ctx, ret, SSL_OP_READ);
}

SEC("uretprobe")
int BPF_URETPROBE(write_return, int ret)
{
	return leave(ctx, ret, SSL_OP_WRITE);
}

SEC("uretprobe")
int BPF_URETPROBE(read_ssize_return, long ret)
{
	return leave(ctx, ret, SSL_OP_READ);
}

SEC("uretprobe")
int BPF_URETPROBE(write_ssize_return, long ret)
{
	return leave(ctx, ret, SSL_OP_WRITE);
}

SEC("uprobe")
int BPF_UPROBE(handshake_enter)
{
	return enter(NULL, NULL);
}

SEC("uretprobe")
int BPF_URETPROBE(handshake_return, int ret)
{
	return leave(ctx, ret, SSL_OP_HANDSHAKE);
}

char LICENSE[] SEC("license") = "GPL";
