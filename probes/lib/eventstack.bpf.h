/* An event record's own stacks (capable, funcslower: BCC's -K/-U on a
 * line per event), as arrays of addresses in the record rather than ids
 * in a stack map: the record goes out with them and needs no lookup. */
#ifndef BPFKIT_PROBES_EVENTSTACK_BPF_H
#define BPFKIT_PROBES_EVENTSTACK_BPF_H

/* The record's kernel and user stacks, as asked; *nk and *nu their frames,
 * 0 when not asked or missed; kstack and ustack are arrays (sizeof). */
#define EVENT_STACKS(ctx, kernel, user, kstack, ustack, nk, nu)                       \
	do {                                                                           \
		*(nk) = *(nu) = 0;                                                     \
		if (kernel) {                                                          \
			long n_ = bpf_get_stack(ctx, kstack, sizeof(kstack), 0);       \
			*(nk) = n_ > 0 ? (__u64)n_ / 8 : 0;                            \
		}                                                                      \
		if (user) {                                                            \
			long n_ = bpf_get_stack(ctx, ustack, sizeof(ustack), BPF_F_USER_STACK); \
			*(nu) = n_ > 0 ? (__u64)n_ / 8 : 0;                            \
		}                                                                      \
	} while (0)

#endif
