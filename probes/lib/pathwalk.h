/* A file's directories as a BPF program reads them up the dentry chain
 * (probes/lib/pathwalk.bpf.h), for the C side to join (core/paths.h): the
 * names, each NUL-terminated, innermost first. */
#ifndef BPFKIT_PROBES_LIB_PATHWALK_H
#define BPFKIT_PROBES_LIB_PATHWALK_H

#define PATH_WALK_PART 256 /* NAME_MAX + 1 */
#define PATH_WALK_BUF 4096 /* PATH_MAX */
#define PATH_WALK_DEPTH 64 /* steps up the chain, mount crossings included */

enum path_walk_state {
	PATH_WALK_NONE,	     /* not read (an absolute name, or not asked for) */
	PATH_WALK_COMPLETE,  /* read up to the root */
	PATH_WALK_TRUNCATED, /* stopped short: deeper than the depth or the buffer */
	PATH_WALK_UNKNOWN,   /* no such directory */
};

/* Last in its record: only the used part of buf goes out. */
struct path_walk {
	__u32 state; /* enum path_walk_state */
	__u32 parts;
	__u32 size; /* bytes of buf in use */
	char buf[PATH_WALK_BUF];
};

#endif
