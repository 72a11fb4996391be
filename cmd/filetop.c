/* filetop: file reads and writes by thread, top-style, as BCC's filetop. */
#include "cmd/toptool.h"
#include "core/histmap.h"

#include <stdlib.h>
#include "probes/filetop.skel.h"

#include <bpf/bpf.h>
#include <stddef.h>
#include <stdio.h>

#include "probes/filetop.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("vfs_read entry", "vfs_read", "vfs_read"),
	PROBE_FENTRY("vfs_write entry", "vfs_write", "vfs_write"),
};

static bool all_files;

static const struct tool_option options[] = {
	OPT_FLAG('a', "all-files", &all_files, "include non-regular file types (sockets, FIFOs, etc)",
		 .rodata = "all_files"),
	TOPTOOL_OPTIONS,
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)arg, (void)state;
	return key == ARGP_KEY_END ? toptool_check_sort() : ARGP_ERR_UNKNOWN;
}

struct row {
	struct filetop_key k;
	struct filetop_val v;
};

static int summary(struct tracer *t, bool last)
{
	(void)last;
	struct row *rows;
	int n = toptool_rows(t, sizeof(rows->k), sizeof(*rows), offsetof(struct row, v),
			     "TID     COMM             READS  WRITES R_Kb    W_Kb    T FILE", (void **)&rows);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		const struct filetop_val *v = &rows[i].v;
		char name[FILETOP_NAME_LEN + 4], type[2] = { v->type };
		snprintf(name, sizeof(name), "%.*s%s", v->name_len >= FILETOP_NAME_LEN ? FILETOP_NAME_LEN - 4 : FILETOP_NAME_LEN,
			 v->name, v->name_len >= FILETOP_NAME_LEN ? "..." : "");
		rec_u64("tid", "%-7llu ", rows[i].k.tid);
		rec_strn("comm", "%-16s ", v->comm, sizeof(v->comm));
		rec_u64("reads", "%-6llu ", v->reads);
		rec_u64("writes", "%-6llu ", v->writes);
		toptool_kbytes("r_kb", "%-7llu ", v->rbytes);
		toptool_kbytes("w_kb", "%-7llu ", v->wbytes);
		rec_str("t", "%1s ", type);
		rec_str("file", "%s", name);
		rec_end();
	}
	return toptool_done(rows);
}

DECLARE_TOOL(filetop, .category = "files", .summary = "File reads and writes by process", .shape = TOOL_INTERVAL,
	     .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT, .help.pid = "trace this PID only",
	     .help.json = "One JSON object per row (a bpfkit addition)", .bound = options, TOOL_PROBES(probes),
	     .parse = parse, .header = tool_interval_status, .interval = summary,
	     TOPTOOL_METRICS("thread and file (tid, comm, t, file)"),
	     .examples = "  filetop            # file I/O top, 1 second refresh\n"
			 "  filetop -C         # don't clear the screen\n"
			 "  filetop -p 181     # PID 181 only\n"
			 "  filetop 5          # 5 second summaries\n"
			 "  filetop 5 10       # 5 second summaries, 10 times only");
