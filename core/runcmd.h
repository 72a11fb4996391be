/* --exec CMD...: run a command and trace only it, as BCC's bcc/exec.py
 * (opensnoop, syscount).  The command is forked before the BPF programs
 * load, so its PID can go into their PID filter, and held on a pipe until
 * tracing is ready, so none of its work is missed; its exit ends the tool's
 * loop (core/loop.h) as Ctrl-C does. */
#ifndef BPFKIT_CORE_RUNCMD_H
#define BPFKIT_CORE_RUNCMD_H
#include <argp.h>
#include <stdbool.h>
#include <sys/types.h>

/* The option's entry for a tool's argp table. */
#define RUNCMD_OPTION(key)                                                                                   \
	{ "exec", key, NULL, 0,                                                                              \
	  "Run the command that follows (the rest of the line: --exec ls -l /tmp) and trace only it", 0 }

/* From the tool's parser at its --exec key: the arguments left on the line
 * are the command.  An argp error code (EINVAL when none is left). */
int runcmd_take(struct argp_state *state);
bool runcmd_given(void);
/* BCC's -c COMMAND (memleak): the command as one string, split at blanks
 * as BCC splits it (no quoting).  An argp error code. */
int runcmd_take_line(const char *line);

/* Fork the command (checked to exist first, so a typo fails before
 * anything is attached); it waits for runcmd_go.  Sets *pid.  0 or -errno,
 * printed. */
int runcmd_start(pid_t *pid);
/* Tracing is ready: let the command exec. */
void runcmd_go(void);
/* After the loop: -errno (printed) when the command could not be run, else
 * 0, the command's own exit status not counting (BCC exits 0).  A command
 * never released is told to give up instead. */
int runcmd_finish(void);

#endif
