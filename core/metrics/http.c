#include "core/metrics/http.h"

#include "core/clock.h"
#include "core/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

struct conn {
	int fd; /* -1: free */
	uint64_t deadline_ms;
	bool writing;
	char in[HTTP_MAX_REQUEST + 1];
	size_t inlen;
	char *out;
	size_t outlen, outoff;
};

struct http_server {
	int fd;
	http_handler handle;
	void *ctx;
	char bound[INET6_ADDRSTRLEN + 16];
	struct conn conns[HTTP_MAX_CONNS];
};

static uint64_t now_ms(void)
{
	return clock_mono_ns() / 1000000;
}

/* addr split into a numeric host ("" for any) and port. */
static int split_addr(const char *addr, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon;
	if (addr[0] == '[') {
		const char *close = strchr(addr, ']');
		if (!close || close[1] != ':')
			return -EINVAL;
		snprintf(host, hlen, "%.*s", (int)(close - addr - 1), addr + 1);
		colon = close + 1;
	} else {
		colon = strrchr(addr, ':');
		if (!colon || memchr(addr, ':', colon - addr))
			return -EINVAL;
		snprintf(host, hlen, "%.*s", (int)(colon - addr), addr);
	}
	char *end;
	unsigned long p = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || p > 65535 || colon[1] == '-' || colon[1] == '+')
		return -EINVAL;
	snprintf(port, plen, "%lu", p);
	return 0;
}

static int bind_one(const struct sockaddr *sa, socklen_t len, bool dual)
{
	int fd = socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	int one = 1, zero = 0;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (dual)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(fd, sa, len) || listen(fd, 64)) {
		int err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

static void name_bound(struct http_server *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[INET6_ADDRSTRLEN] = "?";
	unsigned port = 0;
	getsockname(s->fd, (struct sockaddr *)&ss, &len);
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		port = ntohs(a->sin6_port);
		snprintf(s->bound, sizeof(s->bound), "[%s]:%u", host, port);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		port = ntohs(a->sin_port);
		snprintf(s->bound, sizeof(s->bound), "%s:%u", host, port);
	}
}

int http_listen(const char *addr, http_handler h, void *ctx, struct http_server **out)
{
	char host[INET6_ADDRSTRLEN + 8], port[8];
	if (split_addr(addr, host, sizeof(host), port, sizeof(port))) {
		log_err("--prometheus '%s': expected HOST:PORT, [IPV6]:PORT or :PORT", addr);
		return -EINVAL;
	}
	int fd;
	if (!host[0]) {
		/* Every address: IPv6 and IPv4 on one socket, or IPv4 alone
		 * where the kernel has no IPv6. */
		struct sockaddr_in6 any6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT,
					     .sin6_port = htons((uint16_t)atoi(port)) };
		fd = bind_one((struct sockaddr *)&any6, sizeof(any6), true);
		if (fd == -EAFNOSUPPORT) {
			struct sockaddr_in any4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY),
						    .sin_port = htons((uint16_t)atoi(port)) };
			fd = bind_one((struct sockaddr *)&any4, sizeof(any4), false);
		}
	} else {
		/* Numeric only (a static binary has no resolver, and a name
		 * could mean several addresses). */
		struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(port)) };
		struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons((uint16_t)atoi(port)) };
		bool v6 = addr[0] == '[';
		if (v6 ? inet_pton(AF_INET6, host, &a6.sin6_addr) != 1 : inet_pton(AF_INET, host, &a4.sin_addr) != 1) {
			log_err("--prometheus '%s': '%s' is not a numeric %s address", addr, host, v6 ? "IPv6" : "IPv4");
			return -EINVAL;
		}
		fd = v6 ? bind_one((struct sockaddr *)&a6, sizeof(a6), false)
			: bind_one((struct sockaddr *)&a4, sizeof(a4), false);
	}
	if (fd < 0) {
		log_err("--prometheus '%s': cannot listen there: %s", addr, strerror(-fd));
		return fd;
	}
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		log_err("out of memory for the metrics server");
		return -ENOMEM;
	}
	s->fd = fd, s->handle = h, s->ctx = ctx;
	for (int i = 0; i < HTTP_MAX_CONNS; i++)
		s->conns[i].fd = -1;
	name_bound(s);
	*out = s;
	return 0;
}

const char *http_bound(const struct http_server *s)
{
	return s->bound;
}

static void conn_end(struct conn *c)
{
	close(c->fd);
	free(c->out);
	c->fd = -1;
	c->out = NULL;
	c->writing = false;
	c->inlen = c->outlen = c->outoff = 0;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 431: return "Request Header Fields Too Large";
	case 503: return "Service Unavailable";
	default: return "Internal Server Error";
	}
}

/* The whole answer into c->out, sent as the socket takes it; with
 * head_only the headers alone (HEAD).  A body of NULL: the reason. */
static void respond(struct conn *c, int status, const char *type, const char *body, size_t len, bool head_only)
{
	char text[64];
	if (!body) {
		len = (size_t)snprintf(text, sizeof(text), "%d %s\n", status, reason(status));
		body = text, type = "text/plain; charset=utf-8";
	}
	char *out = NULL;
	int n = asprintf(&out,
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%sConnection: close\r\n\r\n",
			 status, reason(status), type, len, status == 405 ? "Allow: GET, HEAD\r\n" : "");
	char *all = n < 0 ? NULL : realloc(out, (size_t)n + (head_only ? 0 : len));
	if (!all) {
		free(out);
		conn_end(c);
		return;
	}
	if (!head_only)
		memcpy(all + n, body, len);
	c->out = all, c->outlen = (size_t)n + (head_only ? 0 : len), c->outoff = 0;
	c->writing = true;
	c->deadline_ms = now_ms() + HTTP_WRITE_TIMEOUT_MS;
}

/* A token of RFC 9110: the method. */
static bool is_tchar(char ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
	       (ch && strchr("!#$%&'*+-.^_`|~", ch));
}

/* The request, once its headers are in: the answer. */
static void handle(struct http_server *s, struct conn *c, char *end)
{
	/* The request line ends at the first line break, which is end's
	 * own when no header follows. */
	char *line_end = strpbrk(c->in, "\r\n");
	*end = 0;
	*line_end = 0;
	char *method = c->in, *sp1 = strchr(method, ' '), *target = sp1 ? sp1 + 1 : NULL;
	char *sp2 = target ? strchr(target, ' ') : NULL, *version = sp2 ? sp2 + 1 : NULL;
	bool ok = sp1 && sp2 && sp1 > method && *target == '/' && !strchr(version, ' ') &&
		  (!strcmp(version, "HTTP/1.1") || !strcmp(version, "HTTP/1.0"));
	for (char *p = method; ok && p < sp1; p++)
		ok = is_tchar(*p);
	for (char *p = target; ok && p < sp2; p++)
		ok = (unsigned char)*p > ' ' && *p != 0x7f;
	/* Every header line is NAME: VALUE. */
	const char *accept = "";
	for (char *h = line_end + 1; ok && *h;) {
		h += strspn(h, "\r\n");
		if (!*h)
			break;
		char *next = strpbrk(h, "\r\n");
		if (next)
			*next++ = 0;
		char *colon = strchr(h, ':');
		ok = colon && colon > h && !strchr(" \t", h[0]);
		if (ok && colon - h == 6 && !strncasecmp(h, "accept", 6))
			accept = colon + 1 + strspn(colon + 1, " \t");
		h = next ? next : h + strlen(h);
	}
	if (!ok)
		{
		respond(c, 400, NULL, NULL, 0, false);
		return;
	}
	*sp1 = 0, *sp2 = 0;
	bool head = !strcmp(method, "HEAD");
	if (!head && strcmp(method, "GET"))
		{
		respond(c, 405, NULL, NULL, 0, false);
		return;
	}
	target[strcspn(target, "?#")] = 0;
	struct http_response r = { .status = 404 };
	int err = s->handle(s->ctx, target, accept, &r);
	if (err)
		r.status = 500;
	respond(c, r.status, r.type, r.status == 200 ? r.body : NULL, r.len, head);
	free(r.body);
}

/* The end of the request's headers: a blank line. */
static char *headers_end(struct conn *c)
{
	c->in[c->inlen] = 0;
	char *crlf = strstr(c->in, "\r\n\r\n"), *lf = strstr(c->in, "\n\n");
	char *e = crlf && (!lf || crlf < lf) ? crlf : lf;
	return e;
}

static void conn_read(struct http_server *s, struct conn *c)
{
	ssize_t n = read(c->fd, c->in + c->inlen, HTTP_MAX_REQUEST - c->inlen);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0)
		{
		conn_end(c);
		return;
	}
	c->inlen += (size_t)n;
	char *end = headers_end(c);
	if (end)
		handle(s, c, end);
	else if (c->inlen == HTTP_MAX_REQUEST)
		respond(c, 431, NULL, NULL, 0, false);
	else if (memchr(c->in, 0, c->inlen))
		respond(c, 400, NULL, NULL, 0, false);
}

static void conn_write(struct conn *c)
{
	ssize_t n = send(c->fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n < 0)
		{
		conn_end(c);
		return;
	}
	c->outoff += (size_t)n;
	if (c->outoff == c->outlen) {
		/* The peer reads the whole answer before it sees the end; what
		 * it sent and was not read is read, lest closing with it
		 * unread reset the connection and lose the answer. */
		shutdown(c->fd, SHUT_WR);
		char junk[4096];
		while (read(c->fd, junk, sizeof(junk)) > 0)
			;
		conn_end(c);
	}
}

static void accept_all(struct http_server *s)
{
	for (;;) {
		int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		struct conn *c = NULL;
		for (int i = 0; i < HTTP_MAX_CONNS && !c; i++)
			if (s->conns[i].fd < 0)
				c = &s->conns[i];
		if (!c) {
			static const char busy[] = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
						   "Connection: close\r\n\r\n";
			ssize_t ignored = send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			(void)ignored;
			close(fd);
			continue;
		}
		c->fd = fd;
		c->deadline_ms = now_ms() + HTTP_READ_TIMEOUT_MS;
	}
}

int http_pollfds(struct http_server *s, struct pollfd *fds, int max)
{
	int n = 0;
	if (max < 1)
		return 0;
	fds[n++] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	for (int i = 0; i < HTTP_MAX_CONNS && n < max; i++)
		if (s->conns[i].fd >= 0)
			fds[n++] = (struct pollfd){ .fd = s->conns[i].fd,
						    .events = s->conns[i].writing ? POLLOUT : POLLIN };
	return n;
}

static struct conn *conn_of(struct http_server *s, int fd)
{
	for (int i = 0; i < HTTP_MAX_CONNS; i++)
		if (s->conns[i].fd == fd)
			return &s->conns[i];
	return NULL;
}

void http_serve(struct http_server *s, const struct pollfd *fds, int n)
{
	for (int i = 1; i < n; i++) {
		struct conn *c = conn_of(s, fds[i].fd);
		if (!c || !fds[i].revents)
			continue;
		if (c->writing)
			conn_write(c);
		else if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
			conn_read(s, c);
	}
	uint64_t now = now_ms();
	for (int i = 0; i < HTTP_MAX_CONNS; i++) {
		struct conn *c = &s->conns[i];
		if (c->fd < 0 || now < c->deadline_ms)
			continue;
		if (c->writing) {
			conn_end(c);
		} else {
			/* One try at telling it why; then it is gone. */
			respond(c, 408, NULL, NULL, 0, false);
			if (c->fd >= 0)
				conn_write(c);
			if (c->fd >= 0)
				conn_end(c);
		}
	}
	if (n > 0 && fds[0].revents & POLLIN)
		accept_all(s);
}

void http_close(struct http_server *s)
{
	if (!s)
		return;
	for (int i = 0; i < HTTP_MAX_CONNS; i++)
		if (s->conns[i].fd >= 0)
			conn_end(&s->conns[i]);
	close(s->fd);
	free(s);
}
