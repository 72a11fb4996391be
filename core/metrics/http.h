/* A small HTTP/1.x server for the metrics endpoint, driven by the tool's
 * own poll() loop (core/loop.c): non-blocking sockets, one request per
 * connection (Connection: close), so tracing never waits on a client.
 * It bounds what a client can cost: the request's size (HTTP_MAX_REQUEST,
 * 431 past it), its time (HTTP_READ_TIMEOUT_MS from the connection, 408
 * then closed: a client that sends half a request is dropped), the time
 * to take the answer (HTTP_WRITE_TIMEOUT_MS), and the connections open at
 * once (HTTP_MAX_CONNS, 503 past them).  A malformed request is 400, a
 * method other than GET or HEAD 405. */
#ifndef BPFKIT_CORE_METRICS_HTTP_H
#define BPFKIT_CORE_METRICS_HTTP_H
#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_REQUEST 8192
#define HTTP_READ_TIMEOUT_MS 5000
#define HTTP_WRITE_TIMEOUT_MS 10000
#define HTTP_MAX_CONNS 16

struct http_response {
	int status;	   /* 200, or 404 for a path it does not serve */
	const char *type;  /* Content-Type */
	char *body;	   /* malloc'd, freed by the server */
	size_t len;
};

/* A GET (or HEAD) of path (without the query), the request's Accept
 * header ("" without one): the answer, 0 or -errno (500). */
typedef int (*http_handler)(void *ctx, const char *path, const char *accept, struct http_response *r);

struct http_server;

/* Listen on addr: "HOST:PORT" with a numeric IPv4 host, "[IPV6]:PORT", or
 * ":PORT" for every address (IPv6 and IPv4); port 0 picks a free one.
 * 0, or -errno after one line saying why. */
int http_listen(const char *addr, http_handler h, void *ctx, struct http_server **out);
/* The address bound, as a URL's host:port ("127.0.0.1:9435", "[::1]:80"). */
const char *http_bound(const struct http_server *s);
/* The descriptors to poll, up to max (1 + HTTP_MAX_CONNS suffice), then
 * their results back to http_serve, which also ends connections past
 * their time. */
int http_pollfds(struct http_server *s, struct pollfd *fds, int max);
void http_serve(struct http_server *s, const struct pollfd *fds, int n);
void http_close(struct http_server *s);

#endif
