/* trace_pipe: the kernel's trace_pipe as it comes (bpf_trace_printk's
 * lines, and those of any ftrace user), as BCC's trace_print, filtered by
 * task and message and with -j split into BCC's trace_fields. */
#include "cmd/traceline.h"
#include "core/features.h"
#include "core/regexp.h"
#include "core/signals.h"
#include "core/tool.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static unsigned long pid;
static const char *comm;
static regex_t grep;
static bool grepping, json;

static const struct tool_option options[] = {
	/* Not OPT_PID: lines of a process that has ended are still in the
	 * buffer, and worth filtering. */
	OPT_ULONG('p', "pid", "PID", &pid, 1, 4194304,
		  "Only lines of this thread ID, or of this process where the TGID column is on"),
	OPT_STRING('c', "comm", "COMM", &comm, "Only lines of tasks named COMM exactly (first 15 characters)"),
	OPT_REGEX('g', "grep", "REGEX", &grep, &grepping, "Only lines whose message matches REGEX (extended)"),
	OPT_FLAG('j', "json", &json, "One JSON object per line (keys: task, pid, cpu, flags, ts, msg)"),
	OPT_SECONDS('d', "duration", "SECONDS", &tool_args.duration_ms, "Read for this many seconds, then exit"),
	{ { 0 } },
};

static bool filtering(void)
{
	return pid || comm || grepping;
}

static bool wanted(const struct traceline *l)
{
	if (pid && (unsigned long)l->pid != pid && (l->tgid < 0 || (unsigned long)l->tgid != pid))
		return false;
	/* The kernel keeps a task's first 15 characters (TASK_COMM_LEN). */
	size_t n = comm ? strnlen(comm, 15) : 0;
	if (comm && (l->task_len != n || memcmp(l->task, comm, n)))
		return false;
	if (grepping) {
		char msg[4096];
		snprintf(msg, sizeof(msg), "%.*s", (int)l->msg_len, l->msg);
		if (regexec(&grep, msg, 0, NULL, 0))
			return false;
	}
	return true;
}

static void print_line(const char *line, size_t len)
{
	struct traceline l;
	enum traceline_kind kind = traceline_parse(line, len, &l);
	if (kind == TRACELINE_LOST) {
		/* Whatever the filters: lines that may have matched are gone. */
		fprintf(json ? stderr : stdout, "%.*s\n", (int)len, line);
		return;
	}
	if (kind == TRACELINE_OTHER) {
		if (!json && !filtering())
			printf("%.*s\n", (int)len, line);
		return;
	}
	if (!wanted(&l))
		return;
	if (!json) {
		printf("%.*s\n", (int)len, line);
		return;
	}
	rec_bytes("task", l.task, l.task_len);
	rec_i64("pid", NULL, l.pid);
	rec_i64("cpu", NULL, l.cpu);
	if (l.flags_len)
		rec_bytes("flags", l.flags, l.flags_len);
	else
		rec_none("flags", NULL, NULL);
	rec_f64("ts", NULL, l.ts);
	rec_bytes("msg", l.msg, l.msg_len);
	rec_end();
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void on_line(void *ctx, const char *line, size_t len)
{
	print_line(line, len);
}

/* Until Ctrl-C, -d or a closed output: 0 or -errno, printed. */
static int follow(struct tracepipe *tp)
{
	long long deadline = tool_args.duration_ms ? now_ms() + (long long)tool_args.duration_ms : 0;
	while (!loop_exiting) {
		int timeout = -1;
		if (deadline) {
			long long left = deadline - now_ms();
			if (left <= 0)
				break;
			timeout = left > 1000000 ? 1000000 : (int)left;
		}
		struct pollfd p = { .fd = tp->fd, .events = POLLIN };
		int r = poll(&p, 1, timeout);
		if (r < 0 && errno != EINTR) {
			log_err("cannot wait on %s: %s", tp->path, strerror(errno));
			return -errno;
		}
		if (r <= 0)
			continue;
		long n = tracepipe_read(tp, on_line, NULL);
		if (n < 0)
			return n;
		if (n == 0) {
			/* With tracing_on 0 an emptied pipe reads as its end
			 * and polls as readable: wait, not spin. */
			poll(NULL, 0, 100);
			continue;
		}
		fflush(stdout);
	}
	return 0;
}

static int trace_pipe_main(int argc, char **argv)
{
	if (tool_parse_plain("trace_pipe", argc, argv))
		return 2;
	output_mode = json ? OUTPUT_JSON : OUTPUT_TEXT;
	static struct tracepipe tp;
	if (tracepipe_open(&tp))
		return 1;
	loop_install_signals();
	int err = follow(&tp);
	tracepipe_close(&tp);
	if (grepping)
		regfree(&grep);
	return err ? 1 : 0;
}

BPFKIT_TOOL(trace_pipe, .name = "trace_pipe", .category = "debugging",
	    .summary = "Print the kernel's trace_pipe: bpf_trace_printk and ftrace lines", .main = trace_pipe_main,
	    .bound = options, .groups = TOOL_GROUPS_HELP, .doc =
		"Print the kernel's trace_pipe (bpf_trace_printk and ftrace lines) as they come.\v"
		"Reading the pipe consumes it: a line one reader gets, another does not.\n"
		"Examples:\n"
		"  trace_pipe                    # print every line\n"
		"  trace_pipe -p 181             # only PID 181's lines\n"
		"  trace_pipe -c nginx -g 'err'  # only nginx's, whose message has err\n"
		"  trace_pipe -j -d 10           # ten seconds of lines as JSON");
