/* The vfs_read/vfs_write pair the top tools (filetop, dirtop) count by:
 * the fentry -> kprobe twins core/probe.h's PROBE_FENTRY chain expects, each
 * calling the tool's account(file, bytes, is_read), and the four counters
 * every such tool keeps. */
#ifndef BPFKIT_PROBES_VFSRW_BPF_H
#define BPFKIT_PROBES_VFSRW_BPF_H

/* Adds one read or write of bytes to v's reads/rbytes or writes/wbytes. */
#define VFS_RW_ADD(v, is_read, bytes)                             \
	do {                                                      \
		if (is_read) {                                    \
			__sync_fetch_and_add(&(v)->reads, 1);     \
			__sync_fetch_and_add(&(v)->rbytes, bytes); \
		} else {                                          \
			__sync_fetch_and_add(&(v)->writes, 1);    \
			__sync_fetch_and_add(&(v)->wbytes, bytes); \
		}                                                 \
	} while (0)

#define VFS_RW_PROGRAMS(account)                                                     \
	SEC("fentry/vfs_read")                                                       \
	int BPF_PROG(vfs_read_fentry, struct file *file, char *buf, size_t count)    \
	{                                                                            \
		return account(file, count, true);                                   \
	}                                                                            \
	SEC("kprobe/vfs_read")                                                       \
	int BPF_KPROBE(vfs_read_kprobe, struct file *file, char *buf, size_t count)  \
	{                                                                            \
		return account(file, count, true);                                   \
	}                                                                            \
	SEC("fentry/vfs_write")                                                      \
	int BPF_PROG(vfs_write_fentry, struct file *file, const char *buf, size_t count) \
	{                                                                            \
		return account(file, count, false);                                  \
	}                                                                            \
	SEC("kprobe/vfs_write")                                                      \
	int BPF_KPROBE(vfs_write_kprobe, struct file *file, const char *buf, size_t count) \
	{                                                                            \
		return account(file, count, false);                                  \
	}

#endif
