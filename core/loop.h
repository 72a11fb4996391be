/* The main loop BCC tools share: print a summary every interval, stop after
 * count summaries, after a duration, or on SIGINT/SIGTERM, and always end
 * with a final summary (exit 0), as BCC does on Ctrl-C. */
#ifndef BPFKIT_CORE_LOOP_H
#define BPFKIT_CORE_LOOP_H
#include <signal.h>
#include <stdbool.h>

struct event_stream;

/* Non-zero once the tool is to stop: LOOP_STOP for SIGINT/SIGTERM (queued
 * events are still printed), LOOP_OUTPUT_GONE for SIGPIPE (nothing more can
 * be printed). */
enum { LOOP_STOP = 1, LOOP_OUTPUT_GONE = 2 };
extern volatile sig_atomic_t loop_exiting;

/* SIGINT and SIGTERM end the loop; installed without SA_RESTART so sleeps
 * and polls return at once. */
void loop_install_signals(void);

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
};

int loop_run(struct loop *l);

#endif
