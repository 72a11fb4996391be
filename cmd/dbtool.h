/* What the database query tools share (cmd/dbtool.c): BCC's dbslower,
 * dbstat and mysqld_qslower time a query from its start to its done, at a
 * server's USDT probes (query__start, query__done) or, for a MySQL or
 * MariaDB built without them, at dispatch_command()'s entry and return.
 * One BPF object (probes/dbquery.bpf.c) serves them all. */
#ifndef BPFKIT_CMD_DBTOOL_H
#define BPFKIT_CMD_DBTOOL_H
#include "core/tool.h"

#include <limits.h>
#include <linux/types.h>

#include "probes/dbquery.h"

enum db_engine { DB_NONE, DB_MYSQL, DB_POSTGRES };

struct dbtool {
	enum db_engine engine;
	pid_t pids[DBQUERY_MAX_PIDS]; /* -p: these and their descendants */
	int npids;
	const char *exe; /* dbslower -x: dispatch_command's uprobes in it */
	/* mysqld_qslower: uprobes where the server has no USDT probes. */
	bool uprobe_fallback;
	bool verbose;		    /* -v: print the programs */
	unsigned long threshold_ms; /* for the status line (the tool's -m) */
	/* Found by dbtool_configure. */
	char binary[PATH_MAX];
	bool uprobes; /* else USDT */
};
extern struct dbtool dbtool;

/* The programs and where they go: a USDT pair (PostgreSQL's or MySQL's
 * provider), or the uprobe pair. */
#define DBTOOL_NPROBES 6
extern const struct probe_spec dbtool_probes[DBTOOL_NPROBES];

/* BCC's options of dbslower and dbstat: -p PID [PID ...], -v, -x (dbstat's
 * is bpfkit's: MariaDB has no USDT probes). */
#define DBTOOL_PID_OPTION { "pid", 'p', "PID", 0, "the pid(s) to trace", 0 }
#define DBTOOL_EXE_OPTION OPT_STRING('x', "exe", "PATH", &dbtool.exe, "path to binary")
#define DBTOOL_VERBOSE_OPTION OPT_FLAG('v', "verbose", &dbtool.verbose, "print the BPF program")

/* The engine argument (mysql or postgres), -p and the PIDs after it. */
error_t dbtool_parse(int key, char *arg, struct argp_state *state);
int dbtool_open(struct tracer *t);
/* The server binary, the mode, the BPF side's settings: before load. */
int dbtool_configure(const struct tool *tool, struct tracer *t);
/* -p's PIDs into the filter, -v's programs, the clock of TIME(s). */
int dbtool_started(struct tracer *t);
/* The query's start, in seconds since tracing started (BCC's TIME(s)). */
double dbtool_since_start(__u64 ts);
/* BCC's status line: "Tracing database queries for pids 1, 2 slower than
 * 1 ms..." (or for the application, in uprobe mode). */
void dbtool_status(void);

#define DECLARE_DB_TOOL(id, ...)                                                                          \
	static int id##_main(int argc, char **argv)                                                       \
	{                                                                                                 \
		return tool_run(tool_find(#id), argc, argv);                                              \
	}                                                                                                 \
	BPFKIT_TOOL(id, .name = #id, .main = id##_main, .open = dbtool_open, .category = "applications", \
		    .family_configure = dbtool_configure, .started = dbtool_started, TOOL_PROBES(dbtool_probes), \
		    __VA_ARGS__)

#endif
