/* --prometheus ADDR on the interval tools: their options, the listening
 * socket (bound before anything is attached, so a bad address leaves
 * nothing behind), and the run that serves /metrics until Ctrl-C or -d,
 * collecting the tool's summary every second and at every scrape. */
#ifndef BPFKIT_CORE_METRICS_SERVE_H
#define BPFKIT_CORE_METRICS_SERVE_H
#include <argp.h>
#include <stdbool.h>

struct tool;
struct tracer;
struct event_stream;

/* The two options, for a plain command's own table (argdist). */
enum { TOOL_OPT_PROMETHEUS = 0x310, TOOL_OPT_PROMETHEUS_MAX };
#define TOOL_METRICS_OPTIONS                                                                              \
	{ "prometheus", TOOL_OPT_PROMETHEUS, "ADDR", 0,                                                   \
	  "Serve metrics for Prometheus at http://ADDR/metrics instead of printing (e.g. 127.0.0.1:9435)", 0 }, \
	{ "prometheus-max-series", TOOL_OPT_PROMETHEUS_MAX, "N", 0,                                       \
	  "With --prometheus: series kept at most (default 10000)", 0 }

/* The tool serves metrics: its summary is declared as metrics or is
 * .hist's histograms. */
bool tool_metrics_offered(const struct tool *t);
/* Its two options, into opts (2 room); their count. */
int tool_metrics_options(const struct tool *t, struct argp_option *opts);
/* One of them: 0, a positive errno, or ARGP_ERR_UNKNOWN. */
error_t tool_metrics_parse(int key, char *arg);
/* At the options' end: what does not go with --prometheus. */
int tool_metrics_check(bool interval_given);
bool tool_metrics_given(void);
/* Listen (nothing without --prometheus): 0 or -errno, printed. */
int tool_metrics_listen(const struct tool *t);
/* The interval shape's run with --prometheus. */
int tool_metrics_run(const struct tool *t, struct tracer *tr, struct event_stream *es,
		     int (*collect)(void *ctx, bool last), void *ctx);
void tool_metrics_close(void);

#endif
