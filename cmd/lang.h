/* What BCC's language tools (ucalls, uflow, ugc, uobjnew, ustat, uthreads)
 * share: the runtimes they know, how each one's process is recognised and
 * where its USDT probes live (the program, or a library it maps: HotSpot's
 * libjvm.so), and the one line said when a runtime was built without
 * probes.  The tools' specs name the binary and process found here. */
#ifndef BPFKIT_CMD_LANG_H
#define BPFKIT_CMD_LANG_H
#include "core/tool.h"

#include <argp.h>
#include <stdbool.h>
#include <sys/types.h>

enum lang_id { LANG_JAVA, LANG_NODE, LANG_PERL, LANG_PHP, LANG_PYTHON, LANG_RUBY, LANG_TCL, LANG_C, LANG_COUNT };
#define LANG_BIT(id) (1u << (id))

struct lang {
	const char *name;     /* -l's word */
	const char *provider; /* the USDT provider of its probes */
	/* The library holding the probes where the process maps it (its
	 * name's start: "libjvm"); else they are in the program itself. */
	const char *lib;
	const char *comms[3]; /* process names (ustat) */
	const char *build;    /* how a runtime with the probes is built */
};
extern const struct lang langs[LANG_COUNT];

/* Ruby 2.5 and later fire method__entry and __return from the VM's trace
 * instructions, which run only while a TracePoint is on (ruby bug #14582;
 * its C methods' probes fire regardless): the tools that use them say so. */
#define LANG_RUBY_HINT                                                                              \
	"If you see no Ruby-defined methods, make sure the program enables a TracePoint "          \
	"(TracePoint.new(:call, :return) {}.enable): Ruby 2.5 and later fire method__entry only then"

/* The target of a tool run: the process, its language and the file with
 * its probes, which the tools' specs point at (LANG_USDT). */
extern pid_t lang_pid;
extern const char *lang_binary;

/* A spec on the target's probe provider:probe, program PROG_usdt, loaded
 * only while *when. */
#define LANG_USDT(name, provider, probe, prog, flag) \
	PROBE_USDT(name, provider, probe, prog, &lang_binary, .pid = &lang_pid, .when = (flag))

/* -l's argument for a tool that knows the languages in mask: the
 * language, or -EINVAL after one line naming those it knows. */
int lang_parse(const char *name, unsigned mask);
/* The language of process pid among mask (BCC's detection: the
 * program's path, else a library it maps, then C), or -ENOENT. */
int lang_detect(pid_t pid, unsigned mask);
/* Whether process pid runs language id (its program or its library). */
bool lang_is(pid_t pid, enum lang_id id);
/* The file with the probes of language id in process pid, into lang_binary
 * and lang_pid: 0, or -errno after one line (the process is not one of
 * that language). */
int lang_target(pid_t pid, enum lang_id id);
/* The run's language: -l's name (NULL: found in process pid, as
 * lang_detect), made the target (lang_target): the language, or -errno
 * after one line. */
int lang_choose(const char *name, unsigned mask, pid_t pid);
/* The binary of language id in process pid (path of PATH_MAX): 0 or -errno. */
int lang_find_binary(pid_t pid, enum lang_id id, char *path, size_t len);
/* Every USDT spec the run loads (its .when set) against the file it names:
 * 0, or -ENOENT after one line, a runtime without probes told how such a
 * runtime is built. */
int lang_check_specs(enum lang_id id, const char *file, const struct probe_spec *specs, int n);
/* Whether Java process pid was started with -XX:+ExtendedDTraceProbes or
 * -XX:+FLAG (DTraceMethodProbes, DTraceAllocProbes), without which HotSpot
 * never fires its method or allocation probes: on its command line or in
 * its environment (JAVA_TOOL_OPTIONS). */
bool lang_java_probes_on(pid_t pid, const char *flag);
/* A file's name without the /proc/PID/root the tools look through. */
const char *lang_shown(const char *file);
/* -v: each USDT site the run's specs attach to, as BCC prints its USDT
 * context. */
void lang_print_sites(const char *file, const struct probe_spec *specs, int n);

/* The tools' positional arguments, BCC's "pid [interval]": the process
 * (needed; usage says how in the refusal) and, where interval_s is not
 * NULL, the seconds between summaries, into tool_args.interval_ms at the
 * end.  ARGP_ERR_UNKNOWN for what it does not take, so the tool's parser
 * can go on with its own. */
error_t lang_args(int key, char *arg, struct argp_state *state, pid_t *pid, unsigned long *interval_s,
		  const char *usage);

#endif
