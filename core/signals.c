#include "core/signals.h"

volatile sig_atomic_t loop_exiting;

static void on_signal(int sig)
{
	loop_exiting = sig == SIGPIPE ? LOOP_OUTPUT_GONE : LOOP_STOP;
}

void loop_install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* A closed pipe (`bpfkit execsnoop | head`) should end the tool, which
	 * then detaches, rather than kill it mid-write. */
	sigaction(SIGPIPE, &sa, NULL);
}
