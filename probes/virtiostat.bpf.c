// SPDX-License-Identifier: GPL-2.0
/* virtiostat: per virtqueue, the scatterlists and bytes drivers hand to
 * their virtio devices, as BCC's virtiostat: every buffer a driver queues
 * goes through one of virtqueue_add_sgs/_outbuf/_inbuf/_inbuf_ctx.  They
 * have no tracepoint: fentry, else kprobe. */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "virtiostat.h"

/* BCC's bounds: virtio-scsi queues up to 6 lists per request, virtio-blk
 * up to 128 segments per list; the loops must be bounded for the
 * verifier, and a longer list counts its first 128 entries. */
#define MAX_SGS 6
#define SG_MAX 128
/* The scatterlist page_link bits of include/linux/scatterlist.h. */
#define SG_CHAIN 0x01UL
#define SG_END 0x02UL

const volatile char targ_driver[VIRTIOSTAT_NAME_LEN] = {};
const volatile char targ_devname[VIRTIOSTAT_NAME_LEN] = {};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct virtiostat_val);
} stats SEC(".maps");

/* An add of a constant 0 (the single-list calls' other direction) is
 * compiled to an atomic OR, which kernels before 5.12 refuse ("BPF_STX
 * uses reserved fields"): add only what is there. */
static __always_inline void add(__u64 *counter, __u64 v)
{
	if (v)
		__sync_fetch_and_add(counter, v);
}

/* The bytes of one scatterlist: its entries, across chain links, to the
 * one marked last.  A global function, so the verifier walks its loop once
 * and not once for every list of every program (6 lists each way in
 * virtqueue_add_sgs): that took 9 s a load under the VM tier's emulated
 * CPU.  The list comes as a number: a global function's pointer arguments
 * must point at memory the verifier knows, not at the kernel's. */
__noinline __u64 list_len(__u64 addr)
{
	struct scatterlist *sg = (struct scatterlist *)addr;
	__u64 len = 0;
	for (int n = 0; n < SG_MAX && sg; n++) {
		unsigned long link = BPF_CORE_READ(sg, page_link);
		if (link & SG_CHAIN) { /* a link to the next table, no data */
			sg = (struct scatterlist *)(link & ~(SG_CHAIN | SG_END));
			continue;
		}
		len += BPF_CORE_READ(sg, length);
		if (link & SG_END)
			break;
		sg++;
	}
	return len;
}

/* lists[first .. first + num - 1] of an array of num scatterlist
 * pointers (virtqueue_add_sgs), or the one list a single pointer is. */
static __always_inline __u64 count_len(struct scatterlist **lists, unsigned first, unsigned num)
{
	__u64 len = 0;
	for (unsigned i = 0; i < MAX_SGS && i < num; i++) {
		struct scatterlist *sg = NULL;
		bpf_probe_read_kernel(&sg, sizeof(sg), lists + first + i);
		len += list_len((__u64)sg);
	}
	return len;
}

static __always_inline bool name_is(const char *name, const volatile char *want)
{
	for (int i = 0; i < VIRTIOSTAT_NAME_LEN; i++) {
		if (name[i] != want[i])
			return false;
		if (!name[i])
			return true;
	}
	return true;
}

static __always_inline void record(struct virtqueue *vq, struct scatterlist **lists, bool array,
				   unsigned out_sgs, unsigned in_sgs)
{
	struct virtiostat_val v = {};
	struct virtio_device *vdev = BPF_CORE_READ(vq, vdev);
	bpf_probe_read_kernel_str(v.driver, sizeof(v.driver), BPF_CORE_READ(vdev, dev.driver, name));
	bpf_probe_read_kernel_str(v.dev, sizeof(v.dev), BPF_CORE_READ(vdev, dev.kobj.name));
	if (targ_driver[0] && !name_is(v.driver, targ_driver))
		return;
	if (targ_devname[0] && !name_is(v.dev, targ_devname))
		return;
	__u64 out_bw = 0, in_bw = 0;
	if (array) {
		out_bw = count_len(lists, 0, out_sgs);
		in_bw = count_len(lists, out_sgs, in_sgs);
	} else {
		/* Read, not loaded: fentry's argument is a typed pointer, which
		 * list_len may not take. */
		__u64 sg = 0;
		bpf_probe_read_kernel(&sg, sizeof(sg), lists);
		if (out_sgs)
			out_bw = list_len(sg);
		else
			in_bw = list_len(sg);
	}
	__u64 key = (__u64)vq;
	struct virtiostat_val *s = bpf_map_lookup_elem(&stats, &key);
	if (!s) {
		bpf_probe_read_kernel_str(v.vqname, sizeof(v.vqname), BPF_CORE_READ(vq, name));
		bpf_map_update_elem(&stats, &key, &v, BPF_NOEXIST);
		s = bpf_map_lookup_elem(&stats, &key);
		if (!s)
			return;
	}
	add(&s->out_sgs, out_sgs);
	add(&s->in_sgs, in_sgs);
	add(&s->out_bw, out_bw);
	add(&s->in_bw, in_bw);
}

/* The verifier refuses to load sgs, a pointer to pointers, from the
 * context as a typed argument ("arg1 type PTR is not a struct"): it is
 * read from the trampoline's argument array as a plain word instead. */
SEC("fentry/virtqueue_add_sgs")
int add_sgs_fentry(unsigned long long *ctx)
{
	struct scatterlist **sgs = NULL;
	bpf_probe_read_kernel(&sgs, sizeof(sgs), &ctx[1]);
	record((struct virtqueue *)ctx[0], sgs, true, ctx[2], ctx[3]);
	return 0;
}

SEC("kprobe/virtqueue_add_sgs")
int BPF_KPROBE(add_sgs_kprobe, struct virtqueue *vq, struct scatterlist **sgs, unsigned int out_sgs,
	       unsigned int in_sgs)
{
	record(vq, sgs, true, out_sgs, in_sgs);
	return 0;
}

/* The single-list calls: one list out or in, as BCC counts them. */
#define ONE_LIST(fn, out)                                                              \
	SEC("fentry/virtqueue_" #fn)                                                   \
	int BPF_PROG(fn##_fentry, struct virtqueue *vq, struct scatterlist *sg)        \
	{                                                                              \
		record(vq, &sg, false, out, !(out));                                   \
		return 0;                                                              \
	}                                                                              \
	SEC("kprobe/virtqueue_" #fn)                                                   \
	int BPF_KPROBE(fn##_kprobe, struct virtqueue *vq, struct scatterlist *sg)      \
	{                                                                              \
		record(vq, &sg, false, out, !(out));                                   \
		return 0;                                                              \
	}
ONE_LIST(add_outbuf, 1)
ONE_LIST(add_inbuf, 0)
ONE_LIST(add_inbuf_ctx, 0)

char LICENSE[] SEC("license") = "GPL";
