/* gethostlatency: host name lookups through libc (getaddrinfo(),
 * gethostbyname(), gethostbyname2()) with their latency, as BCC's. */
#include "core/tool.h"
#include "probes/gethostlatency.skel.h"

#include "probes/gethostlatency.h"

static const char *libc = "c";

#define LOOKUP(func) PROBE_UPROBE_BOTH(func, NULL, .library = &libc, .pid = &tool_args.pid)
static const struct probe_spec probes[] = { LOOKUP("getaddrinfo"), LOOKUP("gethostbyname"), LOOKUP("gethostbyname2") };

static const struct tool_option options[] = {
	OPT_STRING('l', "libc", "LIBC", &libc, "Specify which libc.so to use (default: the system's, or -p's)"),
	{ { 0 } },
};

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s "),
	COL_TASK(struct host_event, pid, "%-7u "),
	COL(struct host_event, delta_ns, "LATms", "%10.2f ", .scale = 1e6, .key = "lat_ms"),
	COL(struct host_event, host, "HOST", "%s"),
	{ 0 },
};

DECLARE_TOOL(gethostlatency, .category = "network", .summary = "Show latency for getaddrinfo/gethostbyname[2] calls",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS, .help.pid = "trace this PID only",
	     .bound = options, TOOL_PROBES(probes), .columns = columns,
	     .event_size = sizeof(struct host_event),
	     .examples = "  gethostlatency           # time getaddrinfo/gethostbyname[2] calls\n"
			 "  gethostlatency -p 181    # only trace PID 181\n"
			 "  gethostlatency -l /usr/lib/musl/lib/libc.so   # another libc");
