/* Command-line pieces every tool shares: checked number/PID parsing with one
 * clear error line, and the global options (--verbose, --ebpf). */
#ifndef BPFKIT_CORE_ARGS_H
#define BPFKIT_CORE_ARGS_H
#include <argp.h>
#include <stdbool.h>
#include <sys/types.h>

/* argp child with --verbose (also -v) and --ebpf.  Tools whose BCC original
 * uses -v for something else take args_common_long instead. */
extern const struct argp args_common;
extern const struct argp args_common_long;

#define ARGS_CHILDREN { { &args_common, 0, "Common options:", 10 }, { 0 } }
#define ARGS_CHILDREN_LONG { { &args_common_long, 0, "Common options:", 10 }, { 0 } }
/* Only -h, for subcommands that load no BPF (list, features, sym,
 * flamegraph): --verbose and --ebpf would be accepted there and do nothing. */
extern const struct argp args_help;
#define ARGS_CHILDREN_HELP { { &args_help, 0, NULL, 10 }, { 0 } }
/* -h and --verbose, for sym: its symbolizer notes what it refused (a perf
 * map owned by another user, a decompression bomb) and its cache sizes. */
extern const struct argp args_help_verbose;
#define ARGS_CHILDREN_HELP_VERBOSE { { &args_help_verbose, 0, NULL, 10 }, { 0 } }

/* Option groups tools pick as they need them; each sets the engine's
 * globals (core/tracer.h), which tracer_start() applies:
 *   args_buffer      -b/--buffer-pages PAGES: the event buffer (event tools)
 *   args_self        --include-self, for tools that leave out their own work
 *   args_containers  --cgroupmap PATH and --mntnsmap PATH (BCC's pinned maps)
 *   args_flight      --flight-recorder[=EVENTS] (core/flight.h), for the
 *                    tools whose events go through core/events.c */
extern const struct argp args_buffer, args_self, args_containers, args_flight;

#define ARGS_CHILD_COMMON { &args_common, 0, "Common options:", 10 }
#define ARGS_CHILD_COMMON_LONG { &args_common_long, 0, "Common options:", 10 }
#define ARGS_CHILD_BUFFER { &args_buffer, 0, NULL, 0 }
#define ARGS_CHILD_SELF { &args_self, 0, NULL, 0 }
#define ARGS_CHILD_CONTAINERS { &args_containers, 0, NULL, 0 }
#define ARGS_CHILD_FLIGHT { &args_flight, 0, NULL, 0 }

/* Each prints "<tool>: <what> '<s>' ..." and returns -EINVAL (or -ESRCH for a
 * PID that does not exist) so the parser can return the error upward. */
int args_pid(const char *s, const char *what, pid_t *out);
int args_ulong(const char *s, const char *what, unsigned long min, unsigned long max, unsigned long *out);
/* A CPU the machine has and that is online (/sys/devices/system/cpu/online,
 * below libbpf's possible-CPU count): a filter on any other CPU would count
 * nothing without a word. */
int args_cpu(const char *s, long *out);
/* online[c] for the online CPUs c < max (from "0-3,6"); returns one past the
 * highest online CPU, or -ENOENT. */
int args_online_cpus(bool *online, int max);
/* Two options that cannot be given together, both given: says so and
 * returns EINVAL (positive, for argp); otherwise 0. */
int args_exclusive(bool a, char key_a, bool b, char key_b);
/* A combination of options that is refused: when bad, says why (a
 * printf format) and returns EINVAL; otherwise 0.  Checks chain with ?:. */
int args_refuse(bool bad, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Positive seconds (fractions allowed) to milliseconds. */
int args_seconds(const char *s, const char *what, unsigned long *ms);

/* The "[interval [count]]" positionals most BCC tools take, fed one
 * argument at a time from ARGP_KEY_ARG; an argp error code (0 or EINVAL). */
struct args_interval {
	unsigned long interval_ms, count;
	int seen;
};
int args_interval_count(struct args_interval *iv, const char *arg);

/* argp_parse() with bpfkit's conventions: errors from option parsers are
 * already printed, so this returns them without argp's usage text. */
/* The argp parser of a command that takes no options of its own and no
 * arguments: -h works, anything else is refused. */
error_t args_no_arguments(int key, char *arg, struct argp_state *state);

int args_parse(const struct argp *argp, int argc, char **argv, void *input);
/* Whether argp or one of its children has an option with this key. */
bool args_has_key(const struct argp *argp, int key);
/* The same with argp flags: ARGP_IN_ORDER for a tool whose operands belong
 * to the option before them (argdist -C spec spec -H spec). */
int args_parse_flags(const struct argp *argp, int argc, char **argv, unsigned flags, void *input);



/* A user name (looked up in /etc/passwd, without NSS so the static binary
 * stays self-contained) or a numeric UID. */
int args_uid(const char *s, unsigned *uid);

/* "185,175": up to max PIDs (or TIDs), each checked to exist.  Returns the
 * count or -errno after printing. */
int args_pid_list(const char *s, const char *what, pid_t *out, int max);

/* "2,TERM,SIGUSR1": up to max signal numbers into out.  Returns the count
 * or -EINVAL after printing. */
int args_signal_list(const char *s, int *out, int max);

#endif
