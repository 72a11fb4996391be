#include "core/log.h"

#include <bpf/libbpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *log_prog = "bpfkit";
bool log_verbose;
static char last_libbpf[256];

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_WARN) {
		va_list copy;
		va_copy(copy, ap);
		vsnprintf(last_libbpf, sizeof(last_libbpf), fmt, copy);
		va_end(copy);
		last_libbpf[strcspn(last_libbpf, "\n")] = 0;
	}
	if (!log_verbose)
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
