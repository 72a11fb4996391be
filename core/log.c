#include "core/log.h"

#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *log_prog = "bpfkit";
bool log_verbose;
bool (*log_libbpf_hook)(int level, const char *fmt, va_list ap);
static char last_libbpf[256];
static char verifier_prog[64], verifier_reason[256];

/* libbpf prints a rejected program's verifier log between BEGIN/END
 * markers.  Its last line before the statistics is the verifier's reason;
 * keep it (and the program) so the one-line error can quote it. */
static void note_verifier(const char *line)
{
	static bool in_log;
	const char *p;
	if ((p = strstr(line, "prog '")) && strstr(line, "-- BEGIN PROG LOAD LOG --")) {
		snprintf(verifier_prog, sizeof(verifier_prog), "%.*s", (int)strcspn(p + 6, "'"), p + 6);
		verifier_reason[0] = 0;
		in_log = true;
		return;
	}
	if (!in_log)
		return;
	if (strstr(line, "-- END PROG LOAD LOG --") || !strncmp(line, "libbpf: ", 8)) {
		in_log = false;
		return;
	}
	/* Statistics and register-state lines are not the reason. */
	size_t digits = line[0] == 'R' ? strspn(line + 1, "0123456789") : 0;
	bool regstate = digits && (line[1 + digits] == '=' || line[1 + digits] == '_');
	if (!strncmp(line, "processed ", 10) || !strncmp(line, "verification time", 17) ||
	    !strncmp(line, "stack depth", 11) || !strncmp(line, "mark_precise", 12) || regstate ||
	    strchr(":;", line[0]) || (line[0] >= '0' && line[0] <= '9'))
		return;
	snprintf(verifier_reason, sizeof(verifier_reason), "%s", line);
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		/* Large enough for a whole verifier log, so its END marker is
		 * seen. */
		static char buf[1 << 20];
		va_list copy;
		va_copy(copy, ap);
		vsnprintf(buf, sizeof(buf), fmt, copy);
		va_end(copy);
		/* The verifier log arrives as one message of many lines. */
		for (char *save, *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			note_verifier(line);
			snprintf(last_libbpf, sizeof(last_libbpf), "%s", line);
		}
	}
	va_list copy;
	va_copy(copy, ap);
	bool shown = log_libbpf_hook && log_libbpf_hook(level, fmt, copy);
	va_end(copy);
	if (!log_verbose || shown)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

void log_init(const char *prog)
{
	log_prog = prog;
	libbpf_set_print(libbpf_print);
}

const char *log_last_libbpf(void)
{
	return last_libbpf;
}

const char *log_verifier_reason(const char **prog)
{
	if (!verifier_reason[0])
		return NULL;
	if (prog)
		*prog = verifier_prog;
	return verifier_reason;
}

static void vlog(const char *prefix, const char *fmt, va_list ap)
{
	/* One write per message keeps lines whole when stdout and stderr share a
	 * terminal or a pipe. */
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "%s: %s", log_prog, prefix);
	if (n < 0 || n >= (int)sizeof(buf))
		n = 0;
	vsnprintf(buf + n, sizeof(buf) - n, fmt, ap);
	fflush(stdout);
	fprintf(stderr, "%s\n", buf);
}

void log_err(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vlog("warning: ", fmt, ap);
	va_end(ap);
}

void log_debug(const char *fmt, ...)
{
	if (!log_verbose)
		return;
	va_list ap;
	va_start(ap, fmt);
	vlog("debug: ", fmt, ap);
	va_end(ap);
}
