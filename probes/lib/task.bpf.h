/* Task helpers that hide kernel struct changes between versions. */
#ifndef BPFKIT_PROBES_TASK_BPF_H
#define BPFKIT_PROBES_TASK_BPF_H

/* task_struct.state became __state in 5.14. */
struct task_struct___pre514 {
	long state;
} __attribute__((preserve_access_index));

static __always_inline long task_state(struct task_struct *t)
{
	if (bpf_core_field_exists(t->__state))
		return BPF_CORE_READ(t, __state);
	return BPF_CORE_READ((struct task_struct___pre514 *)t, state);
}

/* cfs_rq.nr_running became nr_queued in 6.13. */
struct cfs_rq___pre613 {
	unsigned int nr_running;
} __attribute__((preserve_access_index));

static __always_inline __u32 cfs_rq_queued(struct cfs_rq *q)
{
	if (bpf_core_field_exists(q->nr_queued))
		return BPF_CORE_READ(q, nr_queued);
	return BPF_CORE_READ((struct cfs_rq___pre613 *)q, nr_running);
}

/* h_nr_running became h_nr_queued in 6.14, which also counts tasks whose
 * dequeue is delayed; h_nr_runnable (6.14) are the ones that can run. */
struct cfs_rq___pre614 {
	unsigned int h_nr_running;
} __attribute__((preserve_access_index));

/* Tasks that can run on a CPU's CFS queues, its task groups' included. */
static __always_inline __u32 cfs_rq_runnable(struct cfs_rq *q)
{
	if (bpf_core_field_exists(q->h_nr_runnable))
		return BPF_CORE_READ(q, h_nr_runnable);
	return BPF_CORE_READ((struct cfs_rq___pre614 *)q, h_nr_running);
}

#endif
