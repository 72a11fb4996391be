/* writeback: the flusher threads' writeback works, each with its device,
 * pages written, reason and duration, as the BPF tools book's writeback.bt. */
#include "core/btfenum.h"
#include "core/tool.h"
#include "probes/writeback.skel.h"

#include <ctype.h>
#include <string.h>

#include "probes/writeback.h"

static const struct probe_spec probes[] = {
	{ "writeback_start", { { PM_TRACEPOINT, "start_tp", "writeback:writeback_start" } } },
	{ "writeback_written", { { PM_TRACEPOINT, "written_tp", "writeback:writeback_written" } } },
};

/* The reasons as this kernel numbers them (enum wb_reason in its BTF:
 * free_more_memory came and went), else as 6.x does. */
static const char *const reasons_6x[] = { "background", "vmscan", "sync", "periodic", "laptop_timer", "fs_free_space",
					  "forker_thread", "foreign_flush" };

static void reason(const struct record_column *c, const void *rec, size_t size)
{
	int r = ((const struct wb_event *)rec)->reason;
	const char *name = kernel_enum_name("wb_reason", r, "WB_REASON_");
	char buf[32];
	if (!name || !strcmp(name, "MAX"))
		name = r >= 0 && r < (int)(sizeof(reasons_6x) / sizeof(*reasons_6x)) ? reasons_6x[r] : NULL;
	int i = 0;
	for (; name && name[i] && i < (int)sizeof(buf) - 1; i++)
		buf[i] = (char)tolower((unsigned char)name[i]);
	buf[i] = 0;
	if (name)
		rec_col_str(c, buf);
	else
		rec_col_none(c, "?");
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s "),
	COL(struct wb_event, name, "DEVICE", "%-8s "),
	COL(struct wb_event, pages, "PAGES", "%-8u "),
	COL_CALL("REASON", "%-16s ", reason),
	COL(struct wb_event, lat_ns, "ms", "%.3f", .scale = 1e6),
	{ 0 },
};

DECLARE_TOOL(writeback, .category = "files", .summary = "Trace file system writeback events with details",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, TOOL_PROBES(probes),
	     .status = "Tracing writeback... Hit Ctrl-C to end.", .columns = columns, .event_size = sizeof(struct wb_event),
	     .examples = "  writeback         # a line per writeback work\n"
			 "  writeback -d 60   # for a minute\n"
			 "  writeback -j      # JSON lines");
