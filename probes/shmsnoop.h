#ifndef BPFKIT_PROBES_SHMSNOOP_H
#define BPFKIT_PROBES_SHMSNOOP_H

enum { SHM_SYS_GET, SHM_SYS_AT, SHM_SYS_DT, SHM_SYS_CTL };

struct shm_event {
	__u64 ts;
	__s64 ret;
	/* The call's arguments as given: shmget's key, size, shmflg;
	 * shmat's shmid, shmaddr, shmflg; shmdt's shmaddr; shmctl's shmid,
	 * cmd, buf. */
	__u64 args[3];
	__u32 pid, tid, sys;
	char comm[16];
};

#endif
