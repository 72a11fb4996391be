#ifndef BPFKIT_PROBES_OOMKILL_H
#define BPFKIT_PROBES_OOMKILL_H

struct oom_event {
	__u32 fpid; /* the process whose allocation triggered the kill */
	__u32 tpid; /* the victim */
	/* oom_kill_process's oc->totalpages (BCC's), or from the mark_victim
	 * tracepoint the victim's resident kB (victim_rss_kb set). */
	__u64 pages;
	__u32 victim_rss_kb;
	char fcomm[16];
	char tcomm[16];
};

#endif
