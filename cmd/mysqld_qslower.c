/* mysqld_qslower: MySQL server queries slower than a threshold, as BCC's
 * mysqld_qslower: at mysqld's USDT probes, or where the server has none
 * (MariaDB as Debian builds it) at dispatch_command(). */
#include "cmd/dbtool.h"
#include "probes/dbquery.skel.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

/* BCC keeps 128 bytes of the query. */
#define QUERY_MAX 128

static const char *min_ms_text = "1";
static double min_ms = 1;

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_ARG:
		if (state->arg_num == 0) {
			dbtool.npids = 1;
			return -args_pid(arg, "PID", &dbtool.pids[0]);
		}
		if (state->arg_num == 1) {
			char *end;
			min_ms = strtod(arg, &end);
			if (end == arg || *end || !(min_ms >= 0) || isinf(min_ms) || min_ms > 1e9) {
				log_err("invalid min_ms '%.64s': expected milliseconds, such as 0.1", arg);
				return EINVAL;
			}
			min_ms_text = arg;
			return 0;
		}
		log_err("unexpected argument '%.64s'", arg);
		return EINVAL;
	case ARGP_KEY_END:
		if (!dbtool.npids) {
			log_err("the PID of a MySQL server is needed: mysqld_qslower PID [min_ms]");
			return EINVAL;
		}
		dbtool.engine = DB_MYSQL;
		dbtool.uprobe_fallback = true;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int configure(struct tracer *t)
{
	struct dbquery_bpf *s = t->skel;
	s->rodata->threshold_ns = (__u64)(min_ms * 1e6);
	s->rodata->query_len = QUERY_MAX;
	return 0;
}

static void header(void)
{
	record_status("Tracing MySQL server queries for PID %d slower than %s ms...", dbtool.pids[0], min_ms_text);
}

/* TIME(s) counts from the first query shown, as BCC's. */
static const struct record_column columns[] = {
	COL(struct db_event, ts, "TIME(s)", "%-14.6f ", .scale = 1e9, .since_first = true),
	COL(struct db_event, pid, "PID", "%-7u "),
	COL(struct db_event, delta, "MS", "%8.3f ", .scale = 1e6),
	COL(struct db_event, query, "QUERY", "%s"),
	{ 0 },
};

DECLARE_DB_TOOL(mysqld_qslower, .summary = "Trace MySQL server queries slower than a threshold",
		.shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, .parse = parse, .args_doc = "PID [min_ms]",
		.configure = configure, .header = header, TOOL_COLUMNS(columns, struct db_event),
		.help.after = "min_ms defaults to 1; 0 shows every query. The server's USDT probes are used "
			      "where it has them (built with -DENABLE_DTRACE=1), else uprobes on dispatch_command.",
		.examples = "  mysqld_qslower $(pgrep -n mariadbd)       # queries taking 1 ms or more\n"
			    "  mysqld_qslower $(pgrep -n mariadbd) 0.1   # 0.1 ms or more\n"
			    "  mysqld_qslower $(pgrep -n mariadbd) 0     # every query");
