#include "core/args.h"

#include "core/debug.h"
#include "core/events.h"
#include "core/flight.h"
#include "core/log.h"
#include "core/tracer.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_EBPF = 0x1000, OPT_DEBUG, OPT_VERBOSE, OPT_INCLUDE_SELF, OPT_CGROUPMAP, OPT_MNTNSMAP, OPT_FLIGHT };

static const struct argp_option common_opts[] = {
	{ "verbose", 'v', NULL, 0, "Show libbpf's log (verifier output, attach details)", 0 },
	{ "ebpf", OPT_EBPF, NULL, 0, "Print the BPF instructions this tool loads, then exit", 0 },
	{ "bpf-debug", OPT_DEBUG, "FLAGS", 0, "BCC's debug flags: 0x2 instructions and verifier log, 0x4 probe choices and generated programs, 0x8 C lines, 0x10 register state, 0x20 BTF", 0 },
	/* BCC's tools answer -h; argp's own short form is -?. */
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Give this help list", 0 },
	{ 0 },
};

static const struct argp_option common_long_opts[] = {
	{ "verbose", OPT_VERBOSE, NULL, 0, "Show libbpf's log (verifier output, attach details)", 0 },
	{ "ebpf", OPT_EBPF, NULL, 0, "Print the BPF instructions this tool loads, then exit", 0 },
	{ "bpf-debug", OPT_DEBUG, "FLAGS", 0, "BCC's debug flags: 0x2 instructions and verifier log, 0x4 probe choices and generated programs, 0x8 C lines, 0x10 register state, 0x20 BTF", 0 },
	/* BCC's tools answer -h; argp's own short form is -?. */
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Give this help list", 0 },
	{ 0 },
};

static const struct argp_option help_opts[] = {
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Give this help list", 0 },
	{ 0 },
};

static const struct argp_option help_verbose_opts[] = {
	{ "verbose", OPT_VERBOSE, NULL, 0, "Say what was refused or left out, and what the caches held at exit", 0 },
	{ NULL, 'h', NULL, OPTION_HIDDEN, "Give this help list", 0 },
	{ 0 },
};

static error_t common_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 'v':
	case OPT_VERBOSE:
		log_verbose = true;
		return 0;
	case OPT_EBPF:
		tracer_print_ebpf = true;
		return 0;
	case OPT_DEBUG:
		return debug_parse(arg) ? EINVAL : 0;
	case 'h':
		argp_state_help(state, stdout, ARGP_HELP_STD_HELP);
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp args_common = { common_opts, common_parse };
const struct argp args_common_long = { common_long_opts, common_parse };
const struct argp args_help = { help_opts, common_parse };
const struct argp args_help_verbose = { help_verbose_opts, common_parse };

static const struct argp_option buffer_opts[] = {
	{ "buffer-pages", 'b', "PAGES", 0, "Event buffer size in pages per CPU (default 128)", 0 },
	{ 0 },
};

static error_t buffer_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_INIT:
		/* The lost-events warning names the option this tool has. */
		events_buffer_option = "-b";
		return 0;
	case 'b': return -args_ulong(arg, "buffer pages", 1, 1 << 16, &tracer_buffer_pages);
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp args_buffer = { buffer_opts, buffer_parse };

static const struct argp_option flight_opts[] = {
	{ "flight-recorder", OPT_FLIGHT, "EVENTS", OPTION_ARG_OPTIONAL,
	  "Print nothing until SIGUSR1 or the end, then the last EVENTS events (default 10000; with -b, what "
	  "its rings hold)", 0 },
	{ 0 },
};

static error_t flight_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_FLIGHT)
		return ARGP_ERR_UNKNOWN;
	flight_events = FLIGHT_DEFAULT_EVENTS;
	flight_events_given = arg != NULL;
	return arg ? -args_ulong(arg, "--flight-recorder events", 1, FLIGHT_MAX_EVENTS, &flight_events) : 0;
}

const struct argp args_flight = { flight_opts, flight_parse };

static const struct argp_option self_opts[] = {
	{ "include-self", OPT_INCLUDE_SELF, NULL, 0, "Also trace this tool's own process", 0 },
	{ 0 },
};

static error_t self_parse(int key, char *arg, struct argp_state *state)
{
	if (key != OPT_INCLUDE_SELF)
		return ARGP_ERR_UNKNOWN;
	tracer_include_self = true;
	return 0;
}

const struct argp args_self = { self_opts, self_parse };

static const struct argp_option containers_opts[] = {
	{ "cgroupmap", OPT_CGROUPMAP, "PATH", 0, "Trace cgroups in this BPF map only", 0 },
	{ "mntnsmap", OPT_MNTNSMAP, "PATH", 0, "Trace mount namespaces in this BPF map only", 0 },
	{ 0 },
};

static error_t containers_parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case OPT_CGROUPMAP: tracer_cgroupmap = arg; return 0;
	case OPT_MNTNSMAP: tracer_mntnsmap = arg; return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

const struct argp args_containers = { containers_opts, containers_parse };

int args_ulong(const char *s, const char *what, unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;
	errno = 0;
	if (!s || !*s || *s == '-' || *s == '+')
		goto bad;
	unsigned long v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	if (max == ULONG_MAX)
		log_err("invalid %s '%s': expected a whole number >= %lu", what, s ?: "", min);
	else
		log_err("invalid %s '%s': expected a whole number from %lu to %lu", what, s ?: "", min, max);
	return -EINVAL;
}

int args_pid(const char *s, const char *what, pid_t *out)
{
	unsigned long v;
	char *end;
	errno = 0;
	v = (s && *s && *s != '-' && *s != '+') ? strtoul(s, &end, 10) : 0;
	if (!s || !*s || *s == '-' || *s == '+' || errno || *end || v == 0 || v > INT_MAX) {
		log_err("invalid %s '%s': expected a process ID (a positive number)", what, s ?: "");
		return -EINVAL;
	}
	if (kill((pid_t)v, 0) && errno == ESRCH) {
		log_err("no process with %s %lu", what, v);
		return -ESRCH;
	}
	*out = (pid_t)v;
	return 0;
}

#define CPU_ONLINE_FILE "/sys/devices/system/cpu/online"

static bool read_online(char *buf, size_t len)
{
	FILE *f = fopen(CPU_ONLINE_FILE, "r");
	bool ok = f && fgets(buf, (int)len, f);
	if (f)
		fclose(f);
	if (ok)
		buf[strcspn(buf, "\n")] = 0;
	return ok;
}

int args_online_cpus(bool *online, int max)
{
	char buf[256];
	int n = 0;
	if (!read_online(buf, sizeof(buf)))
		return -ENOENT;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		int a, b;
		if (sscanf(tok, "%d-%d", &a, &b) != 2)
			b = a = atoi(tok);
		for (int c = a < 0 ? 0 : a; c <= b && c < max; c++, n = c)
			online[c] = true;
	}
	return n;
}

#define ARGS_MAX_CPUS 8192

int args_exclusive(bool a, char key_a, bool b, char key_b)
{
	if (!a || !b)
		return 0;
	log_err("-%c and -%c are mutually exclusive", key_a, key_b);
	return EINVAL;
}

int args_refuse(bool bad, const char *fmt, ...)
{
	if (!bad)
		return 0;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	log_err("%s", msg);
	return EINVAL;
}

int args_cpu(const char *s, long *out)
{
	static bool online[ARGS_MAX_CPUS];
	char list[256] = "";
	char *end;
	errno = 0;
	unsigned long v = (s && *s >= '0' && *s <= '9') ? strtoul(s, &end, 10) : ULONG_MAX;
	bool number = v != ULONG_MAX && !errno && !*end;
	int possible = libbpf_num_possible_cpus();
	int n = args_online_cpus(online, ARGS_MAX_CPUS);
	/* Without the online list (no /sys), the possible count alone. */
	bool ok = number && (possible <= 0 || v < (unsigned long)possible) &&
		  (n < 0 ? possible > 0 : v < (unsigned long)n && online[v]);
	if (ok) {
		*out = (long)v;
		return 0;
	}
	if (n >= 0)
		read_online(list, sizeof(list));
	else if (possible > 0)
		snprintf(list, sizeof(list), "0-%d", possible - 1);
	if (!number)
		log_err("invalid CPU '%.64s': expected a CPU number (online CPUs: %s)", s ?: "", list);
	else
		log_err("invalid CPU %lu: not an online CPU of this machine (online CPUs: %s)", v, list);
	return -EINVAL;
}

int args_seconds(const char *s, const char *what, unsigned long *ms)
{
	char *end;
	errno = 0;
	double v = (s && *s) ? strtod(s, &end) : -1;
	if (!s || !*s || errno || *end || !(v > 0) || isinf(v) || v > 1e9) {
		log_err("invalid %s '%s': expected a positive number of seconds", what, s ?: "");
		return -EINVAL;
	}
	*ms = (unsigned long)(v * 1000 + 0.5);
	if (!*ms)
		*ms = 1;
	return 0;
}

int args_interval_count(struct args_interval *iv, const char *arg)
{
	switch (iv->seen++) {
	case 0: return -args_seconds(arg, "interval", &iv->interval_ms);
	case 1: return -args_ulong(arg, "count", 1, ~0UL, &iv->count);
	}
	log_err("unexpected argument '%s'", arg);
	return EINVAL;
}

/* "9", "KILL" or "SIGKILL". */
static int signal_of(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (*s && !*end)
		return n > 0 && n < NSIG ? (int)n : -1;
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (int i = 1; i < NSIG; i++) {
		const char *name = sigabbrev_np(i);
		if (name && !strcasecmp(name, s))
			return i;
	}
	return -1;
}

/* strtok reads "9,,15" as 9,15 and "" as an empty list, which a filter takes
 * as "everything": an empty item is a typo, refused. */
static bool list_well_formed(const char *s)
{
	return s && *s && *s != ',' && !strstr(s, ",,") && s[strlen(s) - 1] != ',';
}

int args_signal_list(const char *s, int *out, int max)
{
	if (!list_well_formed(s)) {
		log_err("invalid signal list '%.64s': expected numbers or names separated by commas", s);
		return -EINVAL;
	}
	char *copy = strdup(s), *save = NULL;
	int n = 0;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
		int sig = signal_of(t);
		if (sig < 0 || n == max) {
			if (sig < 0)
				log_err("invalid signal '%s': expected a number or a name such as TERM", t);
			else
				log_err("at most %d signals", max);
			free(copy);
			return -EINVAL;
		}
		out[n++] = sig;
	}
	free(copy);
	/* The list replaces what an earlier -s gave (BCC: the last one wins). */
	for (int i = n; i < max; i++)
		out[i] = 0;
	return n;
}

bool args_has_key(const struct argp *argp, int key)
{
	for (const struct argp_option *o = argp->options; o && (o->name || o->key || o->doc); o++)
		if (o->key == key)
			return true;
	for (const struct argp_child *c = argp->children; c && c->argp; c++)
		if (args_has_key(c->argp, key))
			return true;
	return false;
}

error_t args_no_arguments(int key, char *arg, struct argp_state *state)
{
	if (key == ARGP_KEY_ARG) {
		log_err("unexpected argument '%.64s'", arg);
		return EINVAL;
	}
	return ARGP_ERR_UNKNOWN;
}

int args_parse(const struct argp *argp, int argc, char **argv, void *input)
{
	return args_parse_flags(argp, argc, argv, 0, input);
}

#define ARGS_MAX_OPTION_NAME 64

/* Whether a is an option ("-i", "--interval") whose value is the next
 * argument: that value may be a negative number (biolatpcts -i -1). */
static bool takes_next(const struct argp *argp, const char *a)
{
	bool lng = a[0] == '-' && a[1] == '-' && a[2] && !strchr(a, '=');
	if (!lng && !(a[0] == '-' && a[1] && a[1] != '-' && !a[2]))
		return false;
	for (const struct argp_option *o = argp->options; o && (o->name || o->key || o->doc); o++)
		if (o->arg && !(o->flags & OPTION_ARG_OPTIONAL) &&
		    (lng ? o->name && !strcmp(o->name, a + 2) : o->key == a[1]))
			return true;
	for (const struct argp_child *c = argp->children; c && c->argp; c++)
		if (takes_next(c->argp, a))
			return true;
	return false;
}

int args_parse_flags(const struct argp *argp, int argc, char **argv, unsigned flags, void *input)
{
	/* "runqlat -1 5" would otherwise read as an unknown option -1; say what
	 * is really wrong. */
	/* What follows --exec is a command's own line (core/runcmd.h). */
	for (int i = 1; i < argc && strcmp(argv[i], "--") && strcmp(argv[i], "--exec"); i++) {
		if (argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9' && !args_has_key(argp, argv[i][1]) &&
		    !takes_next(argp, argv[i - 1])) {
			log_err("invalid argument '%.64s': negative numbers are not allowed", argv[i]);
			return -EINVAL;
		}
		/* getopt echoes an unknown long option whole: a 100 KB one
		 * would fill the terminal.  No option name is this long. */
		if (argv[i][0] == '-' && argv[i][1] == '-' && strcspn(argv[i] + 2, "=") > ARGS_MAX_OPTION_NAME) {
			log_err("unrecognized option '%.*s...'", ARGS_MAX_OPTION_NAME, argv[i]);
			return -EINVAL;
		}
	}
	int err = argp_parse(argp, argc, argv, flags, NULL, input);
	return err ? -abs(err) : 0;
}

int args_uid(const char *s, unsigned *uid)
{
	unsigned long v;
	char *end;
	if (s && *s >= '0' && *s <= '9') {
		errno = 0;
		v = strtoul(s, &end, 10);
		if (!errno && !*end && v < 0xffffffffUL) {
			*uid = v;
			return 0;
		}
	}
	FILE *f = fopen("/etc/passwd", "r");
	char line[512];
	while (s && f && fgets(line, sizeof(line), f)) {
		char *name = strtok(line, ":"), *pw = strtok(NULL, ":"), *id = strtok(NULL, ":");
		if (name && pw && id && !strcmp(name, s)) {
			*uid = strtoul(id, NULL, 10);
			fclose(f);
			return 0;
		}
	}
	if (f)
		fclose(f);
	log_err("invalid user '%s': not a UID and not in /etc/passwd", s ?: "");
	return -EINVAL;
}

int args_pid_list(const char *s, const char *what, pid_t *out, int max)
{
	if (!list_well_formed(s)) {
		log_err("invalid %s list '%.64s': expected numbers separated by commas", what, s ? s : "");
		return -EINVAL;
	}
	/* The whole list, however long: a fixed buffer cut it silently and
	 * dropped PIDs from the filter. */
	char *buf = strdup(s);
	int n = 0, err = buf ? 0 : -ENOMEM;
	for (char *save, *tok = buf ? strtok_r(buf, ",", &save) : NULL; tok && !err;
	     tok = strtok_r(NULL, ",", &save)) {
		/* Not E2BIG: argp reads that code as ARGP_ERR_UNKNOWN and
		 * prints "(PROGRAM ERROR) Option should have been recognized". */
		if (n == max) {
			log_err("too many %ss (at most %d)", what, max);
			err = -EINVAL;
			break;
		}
		err = args_pid(tok, what, &out[n]);
		n += !err;
	}
	free(buf);
	return err ? err : n;
}
