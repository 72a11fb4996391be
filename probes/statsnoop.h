#ifndef BPFKIT_PROBES_STATSNOOP_H
#define BPFKIT_PROBES_STATSNOOP_H

/* x86_64's stat family, as libbpf-tools names them. */
enum { ST_STATFS, ST_NEWSTAT, ST_STATX, ST_NEWFSTATAT, ST_NEWLSTAT, ST_CALLS };

#define STAT_PATH_MAX 256
struct stat_event {
	__u64 ts;
	__u32 pid;
	__s32 ret;
	__u32 call;
	char comm[16];
	char path[STAT_PATH_MAX];
};

#endif
