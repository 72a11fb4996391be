#ifndef BPFKIT_PROBES_KLOCKSTAT_H
#define BPFKIT_PROBES_KLOCKSTAT_H

/* One line of a table: the waits for (acq_*) and the holds of (hld_*) the
 * locks taken from one kernel stack (or by one thread, -P), with who had the
 * longest of each.  The hold half stays zero on the tracepoint path. */
struct klockstat_stat {
	__u64 acq_count, acq_total, acq_max;
	__u64 acq_max_id, acq_max_lock; /* pid_tgid, lock address */
	__u64 hld_count, hld_total, hld_max;
	__u64 hld_max_id, hld_max_lock;
	char acq_max_comm[16];
	char hld_max_comm[16];
	char comm[16]; /* -P: the thread's */
};

#endif
