#ifndef BPFKIT_PROBES_FILETOP_H
#define BPFKIT_PROBES_FILETOP_H

#define FILETOP_NAME_LEN 32 /* BCC's DNAME_INLINE_LEN */

/* One file as one thread used it in an interval. */
struct filetop_key {
	__u64 ino;
	__u32 dev;
	__u32 tid;
};

struct filetop_val {
	__u64 reads, writes, rbytes, wbytes;
	__u32 name_len;
	char type; /* R regular, S socket, O other */
	char comm[16];
	char name[FILETOP_NAME_LEN];
};

#endif
