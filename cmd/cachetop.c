/* cachetop: cachestat's counts per process every interval, sorted by hits,
 * as BCC's cachetop (a screen that redraws, without its keys). */
#include "core/histmap.h"
#include "core/tool.h"
#include "probes/cachetop.skel.h"

#include <bpf/bpf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/pagecache.h"
#include "probes/cachestat.h"

static const struct probe_spec probes[] = { PAGECACHE_PROBES };

static bool no_hits;

static int started(struct tracer *t)
{
	no_hits = t->chosen[PAGECACHE_ACCESS] < 0;
	if (no_hits)
		fprintf(stderr, "cachetop: " PAGECACHE_NO_ACCESS_LINE "\n");
	return 0;
}

/* Not in BCC, whose first screen comes after an interval: says when
 * counting starts (cleared by that screen on a terminal). */
struct row {
	struct cachetop_key k;
	struct cachetop_counts c;
	unsigned long long access; /* BCC's HITS: pages accessed, buffers dirtied */
	unsigned long long misses; /* pages added, pages dirtied */
};

/* BCC's order, by hits; without them, by misses. */
static int by_hits(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	unsigned long long u = no_hits ? x->misses : x->access, v = no_hits ? y->misses : y->access;
	return u != v ? (u < v ? 1 : -1) : (x->k.pid > y->k.pid) - (x->k.pid < y->k.pid);
}

/* /etc/passwd's name for uid (no NSS in a static binary), else "UNKNOWN(uid)". */
static const char *user_name(unsigned uid, char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen("/etc/passwd", "re");
	snprintf(buf, len, "UNKNOWN(%u)", uid);
	while (f && fgets(line, sizeof(line), f)) {
		char *save, *name = strtok_r(line, ":", &save), *pw = strtok_r(NULL, ":", &save);
		char *id = strtok_r(NULL, ":", &save);
		if (name && pw && id && strtoul(id, NULL, 10) == uid) {
			snprintf(buf, len, "%s", name);
			break;
		}
	}
	if (f)
		fclose(f);
	return buf;
}

static void pct(const char *key, double v, bool last)
{
	if (no_hits)
		rec_none(key, last ? "%9s" : "%9s  ", "-");
	else
		rec_f64(key, output_mode == OUTPUT_JSON ? NULL : last ? "%9.1f%%" : "%9.1f%% ", v);
}

static int summary(struct tracer *t, bool last)
{
	struct cachetop_bpf *skel = t->skel;
	struct row *r = NULL;
	int n = histmap_read(bpf_map__fd(skel->maps.counts), sizeof(r->k), sizeof(*r), offsetof(struct row, c), true,
			     (void **)&r);
	if (n < 0)
		return n;
	/* BCC's figures: misses are pages added and pages dirtied, and the
	 * two shares are of accesses and misses together. */
	for (int i = 0; i < n; i++) {
		r[i].access = r[i].c.n[CS_ACCESS] + r[i].c.n[CS_BUF_DIRTY];
		r[i].misses = r[i].c.n[CS_ADD] + r[i].c.n[CS_PAGE_DIRTY];
	}
	qsort(r, n, sizeof(*r), by_hits);
	char hms[16], user[32];
	output_hms(hms);
	if (output_mode != OUTPUT_JSON) {
		if (isatty(STDOUT_FILENO))
			printf("\033[H\033[2J");
		printf("%-8s Buffers MB: %.0f / Cached MB: %.0f / Sort: %s / Order: descending\n", hms,
		       pagecache_meminfo_mb("Buffers"), pagecache_meminfo_mb("Cached"), no_hits ? "MISSES" : "HITS");
		printf("%-8s %-8s %-16s %-8s %-8s %-8s %-10s %-10s\n", "PID", "UID", "CMD", "HITS", "MISSES", "DIRTIES",
		       "READ_HIT%", "WRITE_HIT%");
	}
	for (int i = 0; i < n; i++) {
		const __u64 *c = r[i].c.n;
		unsigned long long all = r[i].access + r[i].misses;
		if (output_mode == OUTPUT_JSON)
			rec_str("time", NULL, hms);
		rec_u64("pid", "%8llu ", r[i].k.pid);
		/* The text shows the user's name under UID, as BCC; JSON both. */
		if (output_mode == OUTPUT_JSON)
			rec_u64("uid", NULL, r[i].k.uid);
		rec_str(output_mode == OUTPUT_JSON ? "user" : "uid", "%-8.8s ", user_name(r[i].k.uid, user, sizeof(user)));
		rec_strn("cmd", "%-16s ", r[i].k.comm, sizeof(r[i].k.comm));
		if (no_hits)
			rec_none("hits", "%8s ", "-");
		else
			rec_u64("hits", "%8llu ", r[i].access);
		rec_u64("misses", "%8llu ", r[i].misses);
		rec_u64("dirties", "%8llu ", c[CS_BUF_DIRTY]);
		pct("read_hit_pct", all ? 100.0 * c[CS_ACCESS] / all : 0, false);
		pct("write_hit_pct", all ? 100.0 * c[CS_ADD] / all : 0, true);
		rec_end();
	}
	free(r);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(cachetop, .category = "files",
	     .summary = "Show Linux page cache hit/miss statistics including read and write hit % per processes",
	     .shape = TOOL_INTERVAL, .interval_ms = 5000, .takes = TOOL_PID | TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help = { .pid = "trace this PID only", .json = "One JSON object per process per interval" },
	     TOOL_PROBES(probes), .status = "Tracing page cache calls... Hit Ctrl-C to end.", .started = started, .interval = summary,
	     .examples = "  cachetop          # a screen every 5 seconds\n"
			 "  cachetop 1        # every second\n"
			 "  cachetop -p 185   # only process 185");
