/* Keys of wakeuptime and offwaketime, shared with their cmd/ modules. */
#ifndef BPFKIT_PROBES_WAKEUP_H
#define BPFKIT_PROBES_WAKEUP_H

struct wakeup_key {
	char waker[16];
	char target[16];
	__s32 w_kstack;
	__s32 w_ustack;
	__s32 t_kstack; /* offwaketime: where the target blocked */
	__s32 t_ustack;
	__u32 tgid;	/* target process, for symbolizing its user stack */
	__u32 w_tgid;	/* waker process */
};

#endif
