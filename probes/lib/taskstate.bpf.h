/* --state STATE (offcputime, offwaketime), BCC's filter on the state a task
 * switches out in: 0 selects tasks still runnable (preempted), any other
 * value tasks with one of its bits set (2: TASK_UNINTERRUPTIBLE).  Set by
 * cmd/stacktool.c. */
#ifndef BPFKIT_PROBES_TASKSTATE_BPF_H
#define BPFKIT_PROBES_TASKSTATE_BPF_H
#include "task.bpf.h"

const volatile bool filter_state = false;
const volatile long state_mask = 0;

static __always_inline bool state_matches(long state)
{
	return state_mask == 0 ? state == 0 : (state & state_mask) != 0;
}

#endif
