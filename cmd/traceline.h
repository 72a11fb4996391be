/* One line of the kernel's trace_pipe split into BCC's trace_fields: the
 * task, its PID, the CPU, the irq-info flags, the timestamp and the
 * message.  The kernel prints
 *   "           TASK-PID     [CPU] FLAGS TIMESTAMP: FUNCTION: MESSAGE"
 * with "(TGID)" after the PID under the record-tgid option and no FLAGS
 * without irq-info; every variant is taken. */
#ifndef BPFKIT_CMD_TRACELINE_H
#define BPFKIT_CMD_TRACELINE_H
#include <stdbool.h>
#include <stddef.h>

enum traceline_kind {
	TRACELINE_EVENT, /* fields filled */
	TRACELINE_LOST,	 /* "CPU:N [LOST M EVENTS]": the buffer overran */
	TRACELINE_OTHER, /* blank, a comment, or not a trace line */
};

struct traceline {
	/* Pointers into the line, each with its length: not NUL-terminated. */
	const char *task, *flags, *msg;
	size_t task_len, flags_len, msg_len; /* flags_len 0: no irq-info column */
	int pid;
	int tgid; /* -1: no TGID column, or the kernel did not know it */
	int cpu;
	double ts; /* seconds */
};

/* Splits line (len bytes, no newline). */
enum traceline_kind traceline_parse(const char *line, size_t len, struct traceline *out);

/* The kernel's trace_pipe, open for reading without blocking, cut into
 * lines: trace_pipe and bpfkit run read it so. */
struct tracepipe {
	int fd;
	char path[256];
	size_t used;
	char buf[65536];
};

/* Opens it (mounting tracefs when needed); 0 or -errno, printed. */
int tracepipe_open(struct tracepipe *p);
/* Reads what is there and gives each whole line (no newline) to fn; a line
 * longer than the buffer is given cut.  Returns the bytes read (0: nothing
 * was there, or the pipe reads as ended while tracing is off) or -errno,
 * printed; EAGAIN and EINTR are 0. */
long tracepipe_read(struct tracepipe *p, void (*fn)(void *ctx, const char *line, size_t len), void *ctx);
void tracepipe_close(struct tracepipe *p);

#endif
