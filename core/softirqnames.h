/* The kernel's softirq_to_name[]: softirqs and softirqslower show vectors
 * by these names. */
#ifndef BPFKIT_CORE_SOFTIRQNAMES_H
#define BPFKIT_CORE_SOFTIRQNAMES_H

/* "net_rx" for 3; NULL for a vector without a name (newer kernels'). */
const char *softirq_name(int vec);

#endif
