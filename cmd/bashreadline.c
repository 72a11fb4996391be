/* bashreadline: the command lines bash reads, system-wide, as BCC's
 * bashreadline: a uretprobe on readline() in bash (or in the readline
 * library -s names, for a bash linked against it). */
#include "core/binary.h"
#include "core/tool.h"
#include "probes/bashreadline.skel.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "probes/bashreadline.h"

static const char *shared = "bash";

static const struct probe_spec probes[] = {
	{ "readline return", { { PM_URETPROBE, "readline_uretprobe", "readline" } }, .library = &shared },
};

static const struct tool_option options[] = {
	OPT_STRING('s', "shared", "SHARED", &shared, "specify the location of libreadline.so library. Default is to use bash"),
	{ { 0 } },
};

/* Said in the tool's words before anything loads: bash is a program. */
static int configure(struct tracer *t)
{
	(void)t;
	char path[PATH_MAX];
	if (resolve_binary(shared, 0, path, sizeof(path)) >= 0)
		return 0;
	if (!strcmp(shared, "bash"))
		return log_err("cannot find bash in PATH (-s names the libreadline a bash is linked against)"), -ENOENT;
	return log_err("cannot find %s, the library -s names", shared), -ENOENT;
}

static const struct record_column columns[] = {
	COL_TIME("TIME", "%-9s "),
	COL(struct readline_event, pid, "PID", "%-7u "),
	COL(struct readline_event, line, "COMMAND", "%s"),
	{ 0 },
};

DECLARE_TOOL(bashreadline, .category = "applications", .summary = "Print entered bash commands from all running shells",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, .help.duration = "total duration of trace in seconds",
	     .bound = options, TOOL_PROBES(probes), .configure = configure, .columns = columns, .event_size = sizeof(struct readline_event),
	     .examples = "  bashreadline              # trace the commands of every bash\n"
			 "  bashreadline -s /lib/x86_64-linux-gnu/libreadline.so.8   # a bash linked to libreadline");
