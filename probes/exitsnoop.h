#ifndef BPFKIT_PROBES_EXITSNOOP_H
#define BPFKIT_PROBES_EXITSNOOP_H

struct exit_event {
	__u64 start_time, exit_time; /* ns since boot */
	__u32 pid, tid, ppid;
	int exit_code;	/* exit status (code >> 8) */
	__u32 sig_info; /* signal (low 7 bits), core dumped (0x80) */
	char comm[16];
};

#endif
