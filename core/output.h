/* Small output helpers shared by the tools' printers. */
#ifndef BPFKIT_CORE_OUTPUT_H
#define BPFKIT_CORE_OUTPUT_H
#include <stdio.h>

/* What every tool prints, set once by the common options (-j, -f) and read
 * by every printer: BCC's text, one JSON object per line, or folded stacks
 * ("a;b;c 12", for flame graphs). */
enum output_mode { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_FOLDED };
extern enum output_mode output_mode;

/* Local wall-clock time as HH:MM:SS (BCC's strftime("%H:%M:%S")). */
const char *output_hms(char buf[16]);
/* Seconds since output_clock_start() (BCC's "TIME(s)" columns). */
void output_clock_start(void);
double output_elapsed(void);
/* BCC's width of a PID column: pid_max's digits, plus one (6 if unknown). */
int output_pid_width(void);
/* The first line of /proc/PID/comm, or "[unknown]". */
const char *output_comm_of(int pid, char buf[32]);

#endif
