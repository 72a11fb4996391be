/* filelife: trace the lifespan of short-lived files, as BCC's filelife. */
#include "core/tool.h"
#include "probes/filelife.skel.h"

#include "probes/filelife.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("file creation", "security_inode_create", "create"),
	PROBE_FENTRY("vfs_unlink entry", "vfs_unlink", "unlink"),
	PROBE_FEXIT("vfs_unlink return", "vfs_unlink", "unlink"),
};

static void header(void)
{
	fprintf(record_header_out(), "%-8s %-7s %-16s %-7s %s\n", "TIME", "PID", "COMM", "AGE(s)", "FILE");
}

static int on_event(const void *data, size_t size)
{
	const struct filelife_event *e = data;
	char hms[16];
	rec_str("time", "%-8s ", output_hms(hms));
	rec_u64("pid", "%-7llu ", e->tgid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_f64("age_s", "%-7.2f ", e->age_ns / 1e9);
	rec_strn("file", "%s", e->file, 64);
	rec_end();
	return 0;
}

DECLARE_TOOL(filelife, .category = "files", .summary = "Trace the lifespan of short-lived files",
	     .shape = TOOL_EVENTS, .takes = TOOL_PID | TOOL_EVENT_OPTIONS,
	     .help.duration = "Trace for this many seconds (a bpfkit addition)", TOOL_PROBES(probes),
	     .header = header, .event = on_event, .event_size = sizeof(struct filelife_event),
	     .examples = "  filelife           # trace all file creates and deletes\n"
			 "  filelife -p 181    # only trace PID 181");
