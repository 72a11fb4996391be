/* The function-timing tools' histogram key (probes/lib/functime.bpf.h),
 * shared with core/functime.c. */
#ifndef BPFKIT_PROBES_FUNCTIME_H
#define BPFKIT_PROBES_FUNCTIME_H

struct func_hist_key {
	__u32 idx;  /* the attach point's, where histograms are per function */
	__u32 tgid; /* where they are per process too (user functions) */
};

#endif
