/* dirtop: file reads and writes by directory, top-style, as BCC's dirtop. */
#include "cmd/toptool.h"
#include "core/histmap.h"
#include "probes/dirtop.skel.h"

#include <bpf/bpf.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "probes/dirtop.h"

static const struct probe_spec probes[] = {
	PROBE_FENTRY("vfs_read entry", "vfs_read", "vfs_read"),
	PROBE_FENTRY("vfs_write entry", "vfs_write", "vfs_write"),
};

static const char *dirspec;

static const struct tool_option options[] = {
	OPT_STRING('d', "root-directories", "DIRECTORY", &dirspec,
		   "select the directories to observe, separated by commas (shell patterns)"),
	TOPTOOL_OPTIONS,
	{ { 0 } },
};

/* The directories -d names, found once: their kernel identity and path. */
static struct watched {
	struct dirtop_dir d;
	char *path;
} watched[1024];
static size_t nwatched;

static int add_pattern(const char *pat)
{
	glob_t g;
	struct stat st;
	size_t before = nwatched;
	if (glob(pat, GLOB_NOSORT, NULL, &g) == 0)
		for (size_t i = 0; i < g.gl_pathc && nwatched < sizeof(watched) / sizeof(watched[0]); i++)
			if (!stat(g.gl_pathv[i], &st) && S_ISDIR(st.st_mode))
				watched[nwatched++] = (struct watched){
					{ st.st_ino, major(st.st_dev) << 20 | minor(st.st_dev), 0 }, strdup(g.gl_pathv[i])
				};
	globfree(&g);
	if (nwatched > before)
		return 0;
	log_err("no directory matches '%s'", pat);
	return -ENOENT;
}

static int end(struct tracer *t)
{
	(void)t;
	while (nwatched)
		free(watched[--nwatched].path);
	return 0;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)arg, (void)state;
	if (key != ARGP_KEY_END)
		return ARGP_ERR_UNKNOWN;
	if (toptool_check_sort())
		return EINVAL;
	if (!dirspec) {
		log_err("the directories to watch are needed: -d DIRECTORY[,DIRECTORY...]");
		return EINVAL;
	}
	char *list = strdup(dirspec), *save = NULL;
	int err = 0;
	for (char *p = strtok_r(list, ",", &save); p && !err; p = strtok_r(NULL, ",", &save))
		err = add_pattern(p);
	free(list);
	if (err)
		end(NULL);
	return -err;
}

static int started(struct tracer *t)
{
	int fd = bpf_map__fd(((struct dirtop_bpf *)t->skel)->maps.dirs);
	__u8 one = 1;
	for (size_t i = 0; i < nwatched; i++)
		if (bpf_map_update_elem(fd, &watched[i].d, &one, BPF_ANY))
			return -errno;
	return 0;
}

struct row {
	struct dirtop_dir k;
	struct dirtop_val v;
};

static const char *path_of(const struct dirtop_dir *d)
{
	for (size_t i = 0; i < nwatched; i++)
		if (watched[i].d.ino == d->ino && watched[i].d.dev == d->dev)
			return watched[i].path;
	return "?";
}

static int summary(struct tracer *t, bool last)
{
	(void)last;
	struct row *rows;
	int n = toptool_rows(t, sizeof(rows->k), sizeof(*rows), offsetof(struct row, v),
			     "READS  WRITES R_Kb     W_Kb     PATH", (void **)&rows);
	if (n < 0)
		return n;
	for (int i = 0; i < n; i++) {
		rec_u64("reads", "%-6llu ", rows[i].v.reads);
		rec_u64("writes", "%-6llu ", rows[i].v.writes);
		toptool_kbytes("r_kb", "%-8llu ", rows[i].v.rbytes);
		toptool_kbytes("w_kb", "%-8llu ", rows[i].v.wbytes);
		rec_str("path", "%s", path_of(&rows[i].k));
		rec_end();
	}
	return toptool_done(rows);
}

DECLARE_TOOL(dirtop, .category = "files", .summary = "File reads and writes by directories", .shape = TOOL_INTERVAL,
	     .interval_ms = 1000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT, .help.pid = "trace this PID only",
	     .help.json = "One JSON object per row (a bpfkit addition)", .bound = options, TOOL_PROBES(probes),
	     .parse = parse, .started = started, .header = tool_interval_status, .end = end, .interval = summary,
	     TOPTOOL_METRICS("directory (path)"),
	     .examples = "  dirtop -d '/hdfs/uuid/*/yarn'       # directory I/O top, 1 second refresh\n"
			 "  dirtop -d '/hdfs/uuid/*/yarn' -C    # don't clear the screen\n"
			 "  dirtop -d '/hdfs/uuid/*/yarn' 5     # 5 second summaries\n"
			 "  dirtop -d '/hdfs/uuid/*/yarn' 5 10  # 5 second summaries, 10 times only\n"
			 "  dirtop -d '/hdfs/uuid/*/yarn,/hdfs/uuid/*/data' # Running dirtop on two set of directories");
