/* The main loop BCC tools share: print a summary every interval, stop after
 * count summaries, after a duration, or on SIGINT/SIGTERM, and always end
 * with a final summary (exit 0), as BCC does on Ctrl-C. */
#ifndef BPFKIT_CORE_LOOP_H
#define BPFKIT_CORE_LOOP_H
#include "core/signals.h"

#include <poll.h>
#include <stdbool.h>

struct event_stream;

struct loop {
	unsigned long interval_ms; /* 0: no periodic summary */
	unsigned long count;	   /* summaries before stopping; 0: no limit */
	unsigned long duration_ms; /* 0: until a signal */
	struct event_stream *events;
	/* Print one summary.  `last` is true for the final one. */
	int (*summary)(void *ctx, bool last);
	/* Work between summaries, every tick_ms (default 1000); optional. */
	void (*tick)(void *ctx);
	unsigned long tick_ms;
	void *ctx;
	/* More descriptors to wait on (the metrics server's): filled before
	 * each wait, their results given back after it; optional. */
	int (*pollfds)(void *poll_ctx, struct pollfd *fds, int max);
	void (*polled)(void *poll_ctx, const struct pollfd *fds, int n);
	void *poll_ctx;
};

int loop_run(struct loop *l);

#endif
