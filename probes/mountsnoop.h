#ifndef BPFKIT_PROBES_MOUNTSNOOP_H
#define BPFKIT_PROBES_MOUNTSNOOP_H

/* The new mount API (5.2) too, as BCC: fsopen, fsconfig, fsmount, move_mount. */
enum { MNT_CALL_MOUNT, MNT_CALL_UMOUNT, MNT_CALL_FSOPEN, MNT_CALL_FSCONFIG, MNT_CALL_FSMOUNT, MNT_CALL_MOVE_MOUNT };

struct mount_event {
	__u64 mnt_ns;
	__u64 flags;
	__u32 pid, tid, ppid;
	__s32 ret;
	__u32 call;
	__s32 fd, fd2;	/* fsconfig, fsmount: the fd; move_mount: from and to */
	__u32 cmd, aux; /* fsconfig's; fsmount's attr_flags in aux */
	char comm[16], pcomm[16];
	/* fsopen: type (its fs_name); fsconfig: source (key), data (value);
	 * move_mount: source (from_pathname), target (to_pathname). */
	char source[128], target[128], type[32], data[128];
};

#endif
