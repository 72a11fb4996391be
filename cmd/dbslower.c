/* dbslower: MySQL and PostgreSQL queries slower than a threshold, as BCC's
 * dbslower: at the server's USDT probes, or with -x at MySQL's
 * dispatch_command(). */
#include "cmd/dbtool.h"
#include "probes/dbquery.skel.h"

static unsigned long threshold_ms = 1; /* BCC's default */

static const struct tool_option options[] = {
	DBTOOL_VERBOSE_OPTION,
	DBTOOL_EXE_OPTION,
	OPT_ULONG('m', "threshold", "THRESHOLD", &threshold_ms, 0, 1000000000,
		  "trace queries slower than this threshold (ms)"),
	{ { 0 } },
};

static const struct argp_option pid_option[] = { DBTOOL_PID_OPTION, { 0 } };

static int configure(struct tracer *t)
{
	struct dbquery_bpf *s = t->skel;
	dbtool.threshold_ms = threshold_ms;
	s->rodata->threshold_ns = threshold_ms * 1000000ULL;
	return 0;
}

static void since_start(const struct record_column *c, const void *rec, size_t size)
{
	(void)size;
	rec_col_f64(c, dbtool_since_start(((const struct db_event *)rec)->ts));
}

static const struct record_column columns[] = {
	COL_CALL("TIME(s)", "%-14.6f ", since_start),
	COL(struct db_event, pid, "PID", "%-7u "),
	COL(struct db_event, delta, "MS", "%8.3f ", .scale = 1e6),
	COL(struct db_event, query, "QUERY", "%s"),
	{ 0 },
};

DECLARE_DB_TOOL(dbslower, .summary = "Trace MySQL and PostgreSQL queries slower than a threshold",
		.shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, .bound = options, .options = pid_option,
		.parse = dbtool_parse, .args_doc = "{mysql,postgres}", .configure = configure,
		.header = dbtool_status, TOOL_COLUMNS(columns, struct db_event),
		.help.after = "-p traces those processes and those they fork (PostgreSQL's backends); without it, "
			      "every process of the server binary.",
		.examples = "  dbslower postgres              # PostgreSQL queries taking 1 ms or more\n"
			    "  dbslower postgres -p 1200      # those of the postmaster 1200's backends\n"
			    "  dbslower mysql -p 480 -m 30    # MySQL queries of PID 480: 30 ms or more\n"
			    "  dbslower mysql -p 480 -v       # the same, printing the BPF programs first\n"
			    "  dbslower mysql -x /usr/sbin/mariadbd  # no USDT probes in it: uprobes\n"
			    "  dbslower postgres -m 0 -j      # every query, one JSON object each");
