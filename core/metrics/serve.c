#include "core/metrics/serve.h"

#include "core/log.h"
#include "core/loop.h"
#include "core/metrics/http.h"
#include "core/metrics/sink.h"
#include "core/runcmd.h"
#include "core/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern struct metrics *metrics_store;


static const char *addr;
static unsigned long max_series = 10000;
static struct http_server *server;

struct serving {
	int (*collect)(void *ctx, bool last);
	void *ctx;
};
static struct serving serving;

bool tool_metrics_offered(const struct tool *t)
{
	return t->shape == TOOL_INTERVAL && (t->hist.map || t->metrics);
}

int tool_metrics_options(const struct tool *t, struct argp_option *o)
{
	static const struct argp_option both[] = { TOOL_METRICS_OPTIONS };
	if (!tool_metrics_offered(t))
		return 0;
	memcpy(o, both, sizeof(both));
	return 2;
}

error_t tool_metrics_parse(int key, char *arg)
{
	switch (key) {
	case TOOL_OPT_PROMETHEUS: addr = arg; return 0;
	case TOOL_OPT_PROMETHEUS_MAX: return -args_ulong(arg, "--prometheus-max-series", 1, 10000000, &max_series);
	}
	return ARGP_ERR_UNKNOWN;
}

bool tool_metrics_given(void)
{
	return addr;
}

int tool_metrics_check(bool interval_given)
{
	if (!addr)
		return 0;
	if (output_mode == OUTPUT_JSON) {
		log_err("--prometheus and -j are two outputs: choose one");
		return -EINVAL;
	}
	if (interval_given) {
		log_err("--prometheus serves until the tool is stopped: it takes no interval or count");
		return -EINVAL;
	}
	return 0;
}

static int render(bool openmetrics, struct http_response *r)
{
	FILE *out = open_memstream(&r->body, &r->len);
	if (!out)
		return -ENOMEM;
	int err = metrics_render(metrics_store, openmetrics, out);
	if (fclose(out) || err) {
		free(r->body);
		r->body = NULL;
		return -EIO;
	}
	r->type = openmetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
			      : "text/plain; version=0.0.4; charset=utf-8";
	r->status = 200;
	return 0;
}

static int on_request(void *ctx, const char *path, const char *accept, struct http_response *r)
{
	struct serving *s = ctx;
	if (!strcmp(path, "/metrics")) {
		/* A scrape sees everything counted until it came. */
		int err = s->collect ? s->collect(s->ctx, false) : 0;
		return err ?: render(strstr(accept, "application/openmetrics-text") != NULL, r);
	}
	if (!strcmp(path, "/")) {
		r->type = "text/plain; charset=utf-8";
		int n = asprintf(&r->body, "bpfkit %s: metrics at /metrics\n", tool_current->name);
		if (n < 0) {
			r->body = NULL;
			return -ENOMEM;
		}
		r->len = (size_t)n, r->status = 200;
	}
	return 0;
}

/* What every scrape has besides the tool's numbers. */
static int add_constants(void)
{
	struct metric_family *up = metrics_family(metrics_store, "bpfkit_up", "1 while the tool is tracing", METRIC_GAUGE);
	struct metric_family *info = metrics_family(metrics_store, "bpfkit_build_info",
						    "The tool serving these metrics and bpfkit's version", METRIC_GAUGE);
	if (!up || !info)
		return -ENOMEM;
	struct metric_label l[] = { { "tool", tool_current->name }, { "version", BPFKIT_VERSION } };
	return metrics_set(metrics_store, up, NULL, 0, 1) ?: metrics_set(metrics_store, info, l, 2, 1);
}

int tool_metrics_listen(const struct tool *t)
{
	if (!addr)
		return 0;
	metrics_sink_start(t->name, t->summary, t->metrics);
	metrics_store = metrics_new(max_series);
	if (!metrics_store)
		return -ENOMEM;
	int err = add_constants();
	if (err) {
		log_err("out of memory for the metrics");
		return err;
	}
	return http_listen(addr, on_request, &serving, &server);
}

static int pollfds(void *ctx, struct pollfd *fds, int max)
{
	return http_pollfds(server, fds, max);
}

static void polled(void *ctx, const struct pollfd *fds, int n)
{
	http_serve(server, fds, n);
}

int tool_metrics_run(const struct tool *t, struct tracer *tr, struct event_stream *es,
		     int (*collect)(void *ctx, bool last), void *ctx)
{
	serving = (struct serving){ collect, ctx };
	printf("Serving metrics on http://%s/metrics... Hit Ctrl-C to end.\n", http_bound(server));
	fflush(stdout);
	/* Every second: the maps are emptied into the counters well before
	 * they could fill, whether or not anyone scrapes. */
	struct loop l = { .interval_ms = 1000, .duration_ms = tool_args.duration_ms, .events = es,
			  .summary = collect, .ctx = ctx, .pollfds = pollfds, .polled = polled };
	return loop_run(&l);
}

void tool_metrics_close(void)
{
	http_close(server);
	server = NULL;
	metrics_free(metrics_store);
	metrics_store = NULL;
	metrics_sink_on = false;
}
