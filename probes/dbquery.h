#ifndef BPFKIT_PROBES_DBQUERY_H
#define BPFKIT_PROBES_DBQUERY_H

/* BCC's dbslower keeps 256 bytes of a query (mysqld_qslower 128, which
 * cuts the text it prints). */
#define DBQUERY_LEN 256
/* -p's PIDs, as the targets map holds them. */
#define DBQUERY_MAX_PIDS 64
/* How many parents up a process may be from a -p PID and still count as
 * its: PostgreSQL's backends are the postmaster's children. */
#define DBQUERY_ANCESTORS 4

/* Where the query start is seen: a USDT probe with the query as its first
 * argument, or (MySQL/MariaDB without USDT) dispatch_command()'s entry,
 * whose arguments are laid out as MySQL 5.6 and MariaDB have them
 * (command, thd, packet, length) or as MySQL 5.7 and later (thd,
 * COM_DATA *, command). */
enum dbquery_mode { DBQ_USDT, DBQ_MYSQL56, DBQ_MYSQL57 };

struct db_event {
	__u32 pid;
	__u32 pad;
	__u64 ts;    /* the query's start, bpf_ktime_get_ns() */
	__u64 delta; /* ns */
	char query[DBQUERY_LEN];
};

#endif
