/* Event layout shared by probes/opensnoop.bpf.c and cmd/opensnoop.c. */
#ifndef BPFKIT_PROBES_OPENSNOOP_H
#define BPFKIT_PROBES_OPENSNOOP_H

#define OPEN_NAME_MAX 255
/* -F: the directory a relative name is opened from, as its names read up
 * the dentry chain, each NUL-terminated, innermost first. */
#define OPEN_DIR_PART 256  /* NAME_MAX + 1 */
#define OPEN_DIR_BUF 4096  /* PATH_MAX */
#define OPEN_DIR_DEPTH 64  /* steps up the chain, mount crossings included */

enum open_dir_state {
	OPEN_DIR_NONE,	    /* absolute name, or no -F */
	OPEN_DIR_COMPLETE,  /* read up to the root */
	OPEN_DIR_TRUNCATED, /* stopped short: deeper than OPEN_DIR_DEPTH or OPEN_DIR_BUF */
	OPEN_DIR_UNKNOWN,   /* no such directory descriptor */
};

struct open_event {
	__u64 ts;
	__u64 id; /* tgid << 32 | tid */
	__u32 uid;
	__s32 ret;
	__u64 flags;
	__u32 mode;
	char comm[16];
	char name[OPEN_NAME_MAX + 1];
	__u32 dir_state; /* enum open_dir_state */
	__u32 dir_parts;
	__u32 dir_size;	 /* bytes of dir[] sent */
	char dir[OPEN_DIR_BUF];
};

#endif
