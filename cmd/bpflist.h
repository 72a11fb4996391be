/* bpflist's rows, one per process and type of BPF object or probe, and
 * the two places they are found: the processes' file descriptors
 * (cmd/bpflist_fds.c) and tracefs' probe lists (cmd/bpflist_probes.c). */
#ifndef BPFKIT_CMD_BPFLIST_H
#define BPFKIT_CMD_BPFLIST_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct bpflist_row {
	pid_t pid;
	char type[16]; /* prog, map, link, btf, kprobe, uprobe */
	int count;     /* file descriptors (or probes), as BCC counts */
	uint32_t *ids; /* the kernel's IDs of the objects, once each */
	int nids;
	int seen; /* order of discovery, for types of the same rank */
};

struct bpflist {
	struct bpflist_row *rows;
	int n;
};

/* One more of type for pid; id (0: none) names the object. 0 or -ENOMEM. */
int bpflist_add(struct bpflist *l, pid_t pid, const char *type, uint32_t id);
/* Every process's BPF file descriptors; with ids, each program's and
 * map's ID from fdinfo.  0, or -errno after printing why. */
int bpflist_fds(struct bpflist *l, bool ids);
/* The kprobes and uprobes of tracefs whose names say which process opened
 * them (BCC's "_bcc_PID", libbpf's "libbpf_PID_"); with show, every probe
 * line is printed first, as BCC's -vv.  0, or -errno after printing why. */
int bpflist_probes(struct bpflist *l, bool show);

#endif
