/* trace_pipe's line format, from the kernel's trace_output.c: the task
 * right-aligned in 16 columns, '-', the PID, optionally "(TGID)" (or
 * "(-------)" when the kernel had no TGID saved), "[CPU]", optionally the
 * irq-info flags, then "TIMESTAMP: " and the event's or function's name
 * before ": MESSAGE". */
#include "cmd/traceline.h"
#include "core/features.h"
#include "core/log.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct cursor {
	const char *p, *end;
};

static void skip_spaces(struct cursor *c)
{
	while (c->p < c->end && *c->p == ' ')
		c->p++;
}

static bool number(struct cursor *c, int *out)
{
	if (c->p >= c->end || !isdigit((unsigned char)*c->p))
		return false;
	long v = 0;
	while (c->p < c->end && isdigit((unsigned char)*c->p) && v < 1L << 32)
		v = v * 10 + (*c->p++ - '0');
	*out = (int)v;
	return v < 1L << 31;
}

static bool expect(struct cursor *c, char ch)
{
	if (c->p >= c->end || *c->p != ch)
		return false;
	c->p++;
	return true;
}

/* "TIMESTAMP:" as one token: true with *ts set. */
static bool timestamp(const char *tok, size_t len, double *ts)
{
	char buf[40];
	if (len < 2 || len >= sizeof(buf) || tok[len - 1] != ':' || !isdigit((unsigned char)tok[0]))
		return false;
	memcpy(buf, tok, len - 1);
	buf[len - 1] = 0;
	char *end;
	*ts = strtod(buf, &end);
	return *end == 0;
}

/* The rest of the line from the '-' before the PID: true when it has the
 * shape of a trace line, out filled but for the task. */
static bool after_task(const char *dash, const char *end, struct traceline *out)
{
	struct cursor c = { dash + 1, end };
	if (!number(&c, &out->pid))
		return false;
	skip_spaces(&c);
	out->tgid = -1;
	if (expect(&c, '(')) {
		skip_spaces(&c);
		if (!number(&c, &out->tgid))
			while (c.p < c.end && *c.p == '-')
				c.p++;
		if (!expect(&c, ')'))
			return false;
		skip_spaces(&c);
	}
	if (!expect(&c, '[') || !number(&c, &out->cpu) || !expect(&c, ']'))
		return false;
	skip_spaces(&c);
	/* The flags, when irq-info is on, then the timestamp. */
	const char *tok = c.p;
	while (c.p < c.end && *c.p != ' ')
		c.p++;
	out->flags = NULL, out->flags_len = 0;
	if (!timestamp(tok, c.p - tok, &out->ts)) {
		out->flags = tok, out->flags_len = c.p - tok;
		skip_spaces(&c);
		tok = c.p;
		while (c.p < c.end && *c.p != ' ')
			c.p++;
		if (!timestamp(tok, c.p - tok, &out->ts))
			return false;
	}
	skip_spaces(&c);
	/* "FUNCTION: MESSAGE": a bpf_trace_printk's function is the event
	 * bpf_trace_printk on 5.9 and later, an address or a symbol before. */
	const char *msg = c.p;
	for (const char *p = c.p; p + 1 < c.end; p++)
		if (p[0] == ':' && p[1] == ' ') {
			msg = p + 2;
			break;
		}
	out->msg = msg, out->msg_len = c.end - msg;
	return true;
}

enum traceline_kind traceline_parse(const char *line, size_t len, struct traceline *out)
{
	const char *end = line + len;
	if (len >= 4 && !memcmp(line, "CPU:", 4))
		return TRACELINE_LOST;
	if (!len || line[0] == '#')
		return TRACELINE_OTHER;
	/* The kernel pads the task to 16 columns, so the '-' after it is
	 * column 17, whatever the name holds (dashes, spaces); a name it did
	 * not pad (another format) is found by the first '-' that the rest
	 * of a trace line follows. */
	const char *dash = NULL;
	if (len > 17 && line[16] == '-' && after_task(line + 16, end, out))
		dash = line + 16;
	for (const char *p = line + 1; !dash && p < end; p++)
		if (*p == '-' && after_task(p, end, out))
			dash = p;
	if (!dash)
		return TRACELINE_OTHER;
	const char *task = line;
	while (task < dash && *task == ' ')
		task++;
	out->task = task, out->task_len = dash - task;
	return TRACELINE_EVENT;
}

int tracepipe_open(struct tracepipe *p)
{
	p->fd = -1;
	p->used = 0;
	const char *dir = tracefs_path();
	if (!dir) {
		log_err("cannot reach tracefs (%s): mount -t tracefs tracefs /sys/kernel/tracing", strerror(errno));
		return -ENOENT;
	}
	snprintf(p->path, sizeof(p->path), "%s/trace_pipe", dir);
	p->fd = open(p->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (p->fd < 0) {
		int err = errno;
		log_err("cannot open %s: %s%s", p->path, strerror(err), err == EACCES ? " (needs root)" : "");
		return -err;
	}
	return 0;
}

long tracepipe_read(struct tracepipe *p, void (*fn)(void *ctx, const char *line, size_t len), void *ctx)
{
	ssize_t n = read(p->fd, p->buf + p->used, sizeof(p->buf) - p->used);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n < 0) {
		int err = errno;
		log_err("cannot read %s: %s", p->path, strerror(err));
		return -err;
	}
	p->used += n;
	char *start = p->buf, *nl;
	while ((nl = memchr(start, '\n', p->used - (start - p->buf)))) {
		fn(ctx, start, nl - start);
		start = nl + 1;
	}
	p->used -= start - p->buf;
	if (p->used == sizeof(p->buf)) {
		fn(ctx, p->buf, p->used);
		p->used = 0;
	}
	memmove(p->buf, start, p->used);
	return n;
}

void tracepipe_close(struct tracepipe *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}
