// SPDX-License-Identifier: GPL-2.0
/* ttysnoop: what is written to one tty or pts device, as BCC's ttysnoop.
 * tty_write(struct kiocb *, struct iov_iter *) (Linux 5.10.11 and later)
 * has no tracepoint: fentry, else kprobe.  The device is the file's inode
 * and its file system's device (BCC compares the inode number only, which
 * another file system's file can share). */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "twins.bpf.h"
#include "ttysnoop.h"

const volatile __u64 targ_ino = 0;
const volatile __u32 targ_dev = 0; /* the kernel's dev_t: major << 20 | minor */
const volatile __u32 datasize = 256;
const volatile __u32 datacount = 16;

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct tty_event);
} scratch SEC(".maps");

/* Before 5.14 the iterator's kind and direction were one field. */
struct iov_iter___old {
	unsigned int type;
} __attribute__((preserve_access_index));

/* The user buffer and length of a write(2) or the first segment of a
 * writev(2), as BCC reads them; false for kernel-made writes. */
static __always_inline bool user_data(struct iov_iter *from, const char **buf, __u64 *count)
{
	unsigned int type;
	if (bpf_core_field_exists(from->iter_type)) {
		if (!BPF_CORE_READ(from, data_source))
			return false;
		type = BPF_CORE_READ(from, iter_type);
	} else {
		struct iov_iter___old *old = (void *)from;
		type = BPF_CORE_READ(old, type);
		if (!(type & 1)) /* WRITE */
			return false;
		type &= ~1U;
	}
	if (bpf_core_enum_value_exists(enum iter_type, ITER_UBUF) && type == bpf_core_enum_value(enum iter_type, ITER_UBUF)) {
		*buf = BPF_CORE_READ(from, ubuf);
		*count = BPF_CORE_READ(from, count);
		return true;
	}
	if (type != bpf_core_enum_value(enum iter_type, ITER_IOVEC))
		return false;
	const struct kvec *kv = BPF_CORE_READ(from, kvec);
	*buf = BPF_CORE_READ(kv, iov_base);
	*count = BPF_CORE_READ(kv, iov_len);
	return true;
}

static __always_inline int on_write(void *ctx, struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = BPF_CORE_READ(iocb, ki_filp, f_inode);
	if (BPF_CORE_READ(inode, i_ino) != targ_ino || BPF_CORE_READ(inode, i_sb, s_dev) != targ_dev)
		return 0;
	const char *buf;
	__u64 count;
	if (!user_data(from, &buf, &count))
		return 0;
	__u32 zero = 0;
	struct tty_event *e = bpf_map_lookup_elem(&scratch, &zero);
	if (!e)
		return 0;
	/* -c records of at most -s bytes each, as BCC sends them. */
	for (int i = 0; i < TTYSNOOP_MAX_DATACOUNT && i < datacount && count; i++) {
		__u64 n = count < datasize ? count : datasize;
		/* 1 to TTYSNOOP_MAX_DATASIZE (a power of two) in a form the
		 * verifier bounds on every kernel: 6.1's lost the bound of a
		 * compare the compiler had narrowed.  n is that already. */
		barrier_var(n);
		n = ((n - 1) & (TTYSNOOP_MAX_DATASIZE - 1)) + 1;
		if (bpf_probe_read_user(e->buf, n, buf))
			return 0;
		e->count = n;
		events_output(ctx, e, offsetof(struct tty_event, buf) + n);
		count -= n;
		buf += n;
	}
	return 0;
}

FENTRY_KPROBE_TWINS(tty_write, write, on_write(ctx, iocb, from), struct kiocb *iocb, struct iov_iter *from)

char LICENSE[] SEC("license") = "GPL";
