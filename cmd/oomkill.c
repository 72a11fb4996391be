/* oomkill: the OOM killer's kills with the load averages, as BCC's oomkill. */
#include "core/tool.h"
#include "probes/oomkill.skel.h"

#include <string.h>
#include <unistd.h>

#include "probes/oomkill.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY_TP("oom_kill_process", "oom_kill_process", "oom", "oom:mark_victim"),
};

/* BCC's sentence; JSON has its values as keys. */
static int event(const void *data, size_t size)
{
	const struct oom_event *e = data;
	char hms[16], load[128];
	unsigned long long pages = e->victim_rss_kb ? e->pages * 1024 / getpagesize() : e->pages;
	output_hms(hms);
	output_loadavg(load);
	load[strcspn(load, "\n")] = 0;
	if (output_mode == OUTPUT_JSON) {
		rec_str("time", NULL, hms);
		rec_u64("fpid", NULL, e->fpid);
		rec_strn("fcomm", NULL, e->fcomm, sizeof(e->fcomm));
		rec_u64("tpid", NULL, e->tpid);
		rec_strn("tcomm", NULL, e->tcomm, sizeof(e->tcomm));
		rec_u64("pages", NULL, pages);
		rec_str("pages_of", NULL, e->victim_rss_kb ? "victim_rss" : "oom_domain");
		rec_str("loadavg", NULL, load);
		rec_end();
		return 0;
	}
	printf("%s Triggered by PID %u (\"%.16s\"), OOM kill of PID %u (\"%.16s\"), %llu pages, loadavg: %s\n", hms,
	       e->fpid, e->fcomm, e->tpid, e->tcomm, pages, load);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(oomkill, .category = "memory", .summary = "Trace the out-of-memory (OOM) killer",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, TOOL_PROBES(probes),
	     .status = "Tracing OOM kills... Ctrl-C to stop.", .event = event,
	     .event_size = sizeof(struct oom_event),
	     .examples = "  oomkill        # trace OOM kills, with the load averages\n"
			 "  oomkill -j     # the same as JSON lines");
