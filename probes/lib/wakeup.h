/* Keys of wakeuptime and offwaketime, shared with their cmd/ modules. */
#ifndef BPFKIT_PROBES_WAKEUP_H
#define BPFKIT_PROBES_WAKEUP_H

struct wakeup_key {
	char waker[16];
	char target[16];
	__s64 w_kstack; /* stack ids (probes/lib/stackstore.bpf.h), negative: none */
	__s64 w_ustack;
	__s64 t_kstack; /* offwaketime: where the target blocked */
	__s64 t_ustack;
	__u32 tgid;	/* target process, for symbolizing its user stack */
	__u32 w_tgid;	/* waker process */
};

#endif
