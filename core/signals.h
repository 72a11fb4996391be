/* How a tool learns it is to stop: SIGINT, SIGTERM and SIGPIPE set one
 * flag that the loop, the event streams, attaching and waiting for a
 * command all read, so Ctrl-C ends whatever the tool is doing. */
#ifndef BPFKIT_CORE_SIGNALS_H
#define BPFKIT_CORE_SIGNALS_H
#include <signal.h>

/* Non-zero once the tool is to stop: LOOP_STOP for SIGINT/SIGTERM (queued
 * events are still printed), LOOP_OUTPUT_GONE for SIGPIPE (nothing more can
 * be printed). */
enum { LOOP_STOP = 1, LOOP_OUTPUT_GONE = 2 };
extern volatile sig_atomic_t loop_exiting;

/* SIGINT and SIGTERM end the loop; installed without SA_RESTART so sleeps
 * and polls return at once. */
void loop_install_signals(void);

#endif
