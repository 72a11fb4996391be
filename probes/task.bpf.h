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

#endif
