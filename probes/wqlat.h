#ifndef BPFKIT_PROBES_WQLAT_H
#define BPFKIT_PROBES_WQLAT_H

/* BCC's: a workqueue's name as wqlat keeps and compares it (the kernel
 * keeps up to 24 bytes before 6.7, 32 since). */
#define WQLAT_NAME_LEN 24
/* Workqueues named with -W, each a histogram key. */
#define WQLAT_MAX_WQS 1024

struct wq_name {
	char name[WQLAT_NAME_LEN];
};

#endif
