/* Small output helpers shared by the tools' printers. */
#ifndef BPFKIT_CORE_OUTPUT_H
#define BPFKIT_CORE_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* What every tool prints, set once by the common options (-j, -f) and read
 * by every printer: BCC's text, one JSON object per line, or folded stacks
 * ("a;b;c 12", for flame graphs). */
enum output_mode { OUTPUT_TEXT, OUTPUT_JSON, OUTPUT_FOLDED };
extern enum output_mode output_mode;

/* The CLOCK_MONOTONIC time of the event being printed, when it is not now
 * (a flight recorder's dump, core/flight.h); 0: now.  The wall-clock
 * times below and output_elapsed() are then that event's. */
extern uint64_t output_event_ns;

/* Local wall-clock time as HH:MM:SS (BCC's strftime("%H:%M:%S")). */
const char *output_hms(char buf[16]);
/* The wall clock with milliseconds, HH:MM:SS.mmm, local or UTC; the
 * zone's abbreviation ("CET", "UTC"). */
const char *output_hms_ms(char buf[24], bool utc);
const char *output_zone(char buf[16], bool utc);
/* An argument vector as one line, as BCC's execsnoop shows it: the
 * NUL-separated strings of buf (size bytes; count strings, of which those
 * not in buf end the line as "..."), joined by spaces, newlines escaped,
 * with quote each in double quotes (its quotes escaped). */
void output_args_line(const char *buf, size_t size, unsigned count, bool quote, char *out, size_t len);
/* Seconds since output_clock_start() (BCC's "TIME(s)" columns). */
void output_clock_start(void);
double output_elapsed(void);
/* Bytes as Python prints bytes.decode('utf-8', 'replace'): each invalid
 * or cut sequence (its longest valid start) as one U+FFFD. */
void output_utf8_replaced(FILE *out, const void *data, size_t n);
/* BCC's width of a PID column: pid_max's digits, plus one (6 if unknown). */
int output_pid_width(void);
/* The first line of /proc/PID/comm, or "[unknown]". */
const char *output_comm_of(int pid, char buf[32]);
/* /proc/loadavg's line as the top-style tools show it after "loadavg: "
 * (its newline kept), "" when it cannot be read. */
const char *output_loadavg(char buf[128]);

#endif
