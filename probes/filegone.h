#ifndef BPFKIT_PROBES_FILEGONE_H
#define BPFKIT_PROBES_FILEGONE_H

#define FILEGONE_NAME_LEN 256 /* NAME_MAX + 1 */

/* fname/fname2 hold the dentry's name (the vfs_* path) or, from the
 * syscalls, the path's last 255 bytes, of which user space prints the last
 * component. */
struct filegone_event {
	__u32 pid;
	char action; /* 'D' (unlink, rmdir) or 'R' (rename) */
	__u8 from_path;
	char comm[16];
	char fname[FILEGONE_NAME_LEN];
	char fname2[FILEGONE_NAME_LEN];
};

#endif
