/* The names from a directory up to the root, stepping from a mount's root
 * to where it is mounted (as BCC's opensnoop -F reads them), into a struct
 * path_walk of probes/lib/pathwalk.h. */
#ifndef BPFKIT_PROBES_LIB_PATHWALK_BPF_H
#define BPFKIT_PROBES_LIB_PATHWALK_BPF_H
#include "pathwalk.h"

static __always_inline void path_walk_read(struct path_walk *w, struct dentry *dentry, struct vfsmount *vfsmnt)
{
	struct mount *mnt = (void *)vfsmnt - bpf_core_field_offset(struct mount, mnt);
	struct dentry *mnt_root = BPF_CORE_READ(vfsmnt, mnt_root);

	w->state = PATH_WALK_TRUNCATED;
	for (int i = 0; i < PATH_WALK_DEPTH; i++) {
		struct dentry *parent = BPF_CORE_READ(dentry, d_parent);
		if (dentry == mnt_root || dentry == parent) {
			struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
			if (up == mnt) {
				w->state = PATH_WALK_COMPLETE;
				break;
			}
			dentry = BPF_CORE_READ(mnt, mnt_mountpoint);
			mnt = up;
			mnt_root = BPF_CORE_READ(mnt, mnt.mnt_root);
			continue;
		}
		/* The offset is kept in the record, not a register: read back it
		 * is the same unknown value on every path, so the verifier can
		 * prune (a register offset made it walk every path: over 1M
		 * insns). */
		__u32 off = w->size;
		if (off > PATH_WALK_BUF - PATH_WALK_PART)
			break;
		long n = bpf_probe_read_kernel_str(&w->buf[off], PATH_WALK_PART, BPF_CORE_READ(dentry, d_name.name));
		if (n <= 0)
			break;
		w->size = off + n;
		w->parts++;
		dentry = parent;
	}
}

/* The bytes of a record ending in a struct path_walk at off that go out. */
static __always_inline __u32 path_walk_record_size(const struct path_walk *w, __u32 off, __u32 max)
{
	__u32 size = off + offsetof(struct path_walk, buf) + (w->size & (PATH_WALK_BUF - 1 | PATH_WALK_BUF));
	return size > max ? max : size;
}

#endif
