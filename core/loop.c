#include "core/loop.h"

#include "core/clock.h"
#include "core/events.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>

static uint64_t now_ms(void)
{
	return clock_mono_ns() / 1000000;
}

/* Events and the other descriptors in one poll(): a client is answered
 * as soon as it asks, and events are never held up by one. */
static void wait_fds(struct loop *l, uint64_t ms)
{
	struct pollfd fds[64];
	int n = l->pollfds(l->poll_ctx, fds, 63), ev = -1;
	if (l->events) {
		ev = n;
		fds[n++] = (struct pollfd){ .fd = events_fd(l->events), .events = POLLIN };
	}
	/* Short enough for the server's time-outs and timely events. */
	if (poll(fds, n, ms > 100 ? 100 : (int)ms) < 0)
		for (int i = 0; i < n; i++)
			fds[i].revents = 0;
	l->polled(l->poll_ctx, fds, ev < 0 ? n : ev);
	if (l->events)
		events_poll(l->events, 0);
}

static void wait_ms(struct loop *l, uint64_t ms)
{
	if (l->pollfds) {
		wait_fds(l, ms);
		return;
	}
	/* Events are delivered in slices so output stays timely; without an
	 * event stream poll() only sleeps, and a signal cuts it short. */
	if (l->events) {
		events_poll(l->events, ms > 100 ? 100 : (int)ms);
	} else {
		poll(NULL, 0, ms > 1000 ? 1000 : (int)ms);
	}
}

int loop_run(struct loop *l)
{
	uint64_t start = now_ms();
	uint64_t next = l->interval_ms ? start + l->interval_ms : UINT64_MAX;
	uint64_t end = l->duration_ms ? start + l->duration_ms : UINT64_MAX;
	unsigned long printed = 0;
	uint64_t tick_every = l->tick_ms ? l->tick_ms : 1000;
	uint64_t next_tick = l->tick ? start + tick_every : UINT64_MAX;
	/* Lost events are counted once a second, not per wake-up: see
	 * events_report_lost(). */
	uint64_t next_lost = l->events ? start + 1000 : UINT64_MAX;
	int err = 0;

	while (!loop_exiting) {
		uint64_t now = now_ms();
		if (now >= end)
			break;
		if (now >= next_tick) {
			l->tick(l->ctx);
			next_tick = now + tick_every;
		}
		if (now >= next_lost) {
			events_report_lost(l->events, false);
			next_lost = now + 1000;
		}
		if (now >= next) {
			err = l->summary ? l->summary(l->ctx, false) : 0;
			if (err)
				return err;
			if (l->count && ++printed >= l->count)
				return 0;
			next += l->interval_ms;
			continue;
		}
		uint64_t until = next < end ? next : end;
		until = next_tick < until ? next_tick : until;
		until = next_lost < until ? next_lost : until;
		wait_ms(l, until - now);
	}
	if (l->events) {
		events_drain(l->events);
	}
	return l->summary ? l->summary(l->ctx, true) : 0;
}
