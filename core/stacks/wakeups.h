/* Reading what wakeuptime and offwaketime count (probes/lib/wakeup.h keys:
 * target and waker with their stacks -> microseconds), sorted ascending. */
#ifndef BPFKIT_CORE_WAKEUPS_H
#define BPFKIT_CORE_WAKEUPS_H
#include <stdint.h>

#include "core/stacks/stacks.h"

struct wakeup_record {
	uint64_t us;
	char waker[16], target[16];
	uint32_t tgid, w_tgid;
	/* The blocked task's stacks (offwaketime) and the waker's. */
	struct stack_record t, w;
};

int wakeups_read(int counts_fd, int traces_fd, struct wakeup_record **out);

#endif
