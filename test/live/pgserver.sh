# A PostgreSQL 15 server of a test's own, sourced after lib.sh with PGPORT
# set: initdb in $T, its socket in $T/pg, 127.0.0.1:$PGPORT; stopped at exit.
PGBIN=/usr/lib/postgresql/15/bin
[ -x "$PGBIN/postgres" ] || fail "no $PGBIN/postgres (packaging/deps.sh installs postgresql-15)"

# The server runs as postgres (it refuses root), in $T, which it must enter.
pg_stop() {
	runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -m immediate -w stop >/dev/null 2>&1
}
# pg_start: the server up, its postmaster's PID in $PM.
pg_start() {
	chmod 711 "$T"
	mkdir "$T/pg" && chown postgres "$T/pg"
	runuser -u postgres -- "$PGBIN/initdb" -D "$T/pg/data" -A trust -U postgres -N >"$T/initdb.log" 2>&1 ||
		fail "initdb: $(tail -5 "$T/initdb.log")"
	at_exit pg_stop
	runuser -u postgres -- "$PGBIN/pg_ctl" -D "$T/pg/data" -w -t 60 -l "$T/pg/server.log" \
		-o "-k $T/pg -p $PGPORT -c listen_addresses=127.0.0.1 -c fsync=off" start >"$T/pg_ctl.log" 2>&1 ||
		fail "pg_ctl start: $(cat "$T/pg_ctl.log") $(tail -5 "$T/pg/server.log")"
	PM=$(head -1 "$T/pg/data/postmaster.pid")
}
# q SQL: one query on a connection of its own (a new backend), its result.
q() {
	psql -X -q -At -h "$T/pg" -p "$PGPORT" -U postgres -d postgres -c "$1" || fail "psql: $1"
}
