/* filelife: trace the lifespan of short-lived files, as BCC's filelife. */
#include "core/tool.h"
#include "probes/filelife.skel.h"

#include "probes/filelife.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("file creation", "security_inode_create", "create"),
	PROBE_FENTRY("vfs_unlink entry", "vfs_unlink", "unlink"),
	PROBE_FEXIT("vfs_unlink return", "vfs_unlink", "unlink"),
};

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-8s "),
	COL_TASK(struct filelife_event, tgid, "%-7u "),
	COL(struct filelife_event, age_ns, "AGE(s)", "%-7.2f ", .scale = 1e9),
	COL(struct filelife_event, file, "FILE", "%s"),
	{ 0 },
};

DECLARE_TOOL(filelife, .category = "files", .summary = "Trace the lifespan of short-lived files",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.duration = "Trace for this many seconds (a bpfkit addition)", TOOL_PROBES(probes),
	     .columns = columns, .event_size = sizeof(struct filelife_event),
	     .examples = "  filelife           # trace all file creates and deletes\n"
			 "  filelife -p 181    # only trace PID 181");
