# mysqld_qslower and dbslower -x: a MariaDB 10.11 server of the test's own
# (mariadb-install-db in $T, its socket in $T, 127.0.0.1:23306), which has
# no USDT probes, so both use uprobes on dispatch_command.  mysqld_qslower
# PID 20 shows a SELECT SLEEP(0.05) with at least 50 ms and not the cheap
# queries, its first row at TIME(s) 0.000000; with 0 it shows all of them
# (a text past 128 bytes cut to 127); dbslower mysql -x -m 0 -p shows the
# same queries with the server's PID; bad input is one line.
# vm: skip (the guests have no MariaDB)
. "$TESTLIB"
MYPORT=23306
[ -x /usr/sbin/mariadbd ] || fail "no /usr/sbin/mariadbd (packaging/deps.sh installs mariadb-server)"

# The server runs as mysql, in $T, which it must enter; --no-defaults
# keeps Debian's /etc/mysql out of it.
my_stop() {
	[ -n "${MYPID:-}" ] && kill -9 "$MYPID" 2>/dev/null
}
my_start() {
	chmod 711 "$T"
	mkdir "$T/my" && chown mysql "$T/my"
	runuser -u mysql -- mariadb-install-db --no-defaults --datadir="$T/my/data" --skip-test-db \
		--auth-root-authentication-method=normal >"$T/install.log" 2>&1 ||
		fail "mariadb-install-db: $(tail -5 "$T/install.log")"
	at_exit my_stop
	runuser -u mysql -- /usr/sbin/mariadbd --no-defaults --datadir="$T/my/data" --socket="$T/my/sock" \
		--port=$MYPORT --bind-address=127.0.0.1 --pid-file="$T/my/pid" --skip-grant-tables \
		--innodb-buffer-pool-size=16M --log-error="$T/my/server.log" >/dev/null 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	_deadline=$(( $(date +%s) + 60 ))
	until mariadb-admin --no-defaults -S "$T/my/sock" ping >/dev/null 2>&1; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "mariadbd did not start: $(tail -5 "$T/my/server.log")"
		sleep 0.1
	done
	MYPID=$(cat "$T/my/pid")
}
q() {
	mariadb --no-defaults -S "$T/my/sock" -N -e "$1" >/dev/null || fail "mariadb: $1"
}

my_start
hdr='^TIME\(s\) +PID +MS +QUERY$'
long="SELECT '$(printf '%0150d' 0)' AS bpfkit_long"

start_tool mysqld_qslower "$MYPID" 20
wait_for "$T/mysqld_qslower.out" "$hdr"
for i in 1 2 3; do q "SELECT $i AS bpfkit_fast"; done
q "SELECT SLEEP(0.05) AS bpfkit_slow"
wait_for "$T/mysqld_qslower.out" 'bpfkit_slow$'
stop_tool
out=$T/mysqld_qslower.out
[ "$(sed -n 1p "$out")" = "Tracing MySQL server queries for PID $MYPID slower than 20 ms..." ] || fail "status: $(sed -n 1p "$out")"
row=$(grep 'bpfkit_slow$' "$out")
ms=$(echo "$row" | awk '{print $3}')
[ "$row" = "$(printf '%-14s %-7d %8s %s' 0.000000 "$MYPID" "$ms" "SELECT SLEEP(0.05) AS bpfkit_slow")" ] || fail "row: '$row'"
awk -v ms="$ms" 'BEGIN { exit !(ms >= 50) }' || fail "SLEEP(0.05) took $ms ms"
expect_no_grep 'bpfkit_fast' "$out"
echo "ok: mysqld_qslower 20: SLEEP(0.05) in $ms ms, the cheap ones left out"

start_tool mysqld_qslower "$MYPID" 0
wait_for "$T/mysqld_qslower.out" "$hdr"
for i in 1 2 3; do q "SELECT $i AS bpfkit_all"; done
q "$long"
wait_for "$T/mysqld_qslower.out" "^[0-9.]+ +$MYPID +[0-9.]+ $(echo "$long" | cut -c1-127)\$"
stop_tool
for i in 1 2 3; do expect_grep "^[0-9.]+ +$MYPID +[0-9.]+ SELECT $i AS bpfkit_all\$" "$T/mysqld_qslower.out"; done
echo "ok: mysqld_qslower 0: every query, the long one cut to 127 bytes"

start_tool dbslower mysql -x /usr/sbin/mariadbd -m 0 -p "$MYPID"
wait_for "$T/dbslower.out" "$hdr"
[ "$(sed -n 1p "$T/dbslower.out")" = "Tracing database queries for application /usr/sbin/mariadbd slower than 0 ms..." ] ||
	fail "dbslower -x status: $(sed -n 1p "$T/dbslower.out")"
for i in 1 2 3; do q "SELECT $i AS bpfkit_x"; done
q "$long"
wait_for "$T/dbslower.out" 'bpfkit_long$'
stop_tool
for i in 1 2 3; do expect_grep "^[0-9.]+ +$MYPID +[0-9.]+ SELECT $i AS bpfkit_x\$" "$T/dbslower.out"; done
expect_grep "^[0-9.]+ +$MYPID +[0-9.]+ $long\$" "$T/dbslower.out"
echo "ok: dbslower mysql -x: every query, the long one whole"

start_tool dbstat mysql -x /usr/sbin/mariadbd -m 20
wait_for "$T/dbstat.out" '^Tracing database queries for application'
q "SELECT 1"
q "SELECT SLEEP(0.05)"
stop_tool
[ "$(sed -n 's/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1 \2 \3/p' "$T/dbstat.out" | awk '$3 != 0')" = "32 63 1" ] ||
	fail "dbstat -x: $(cat "$T/dbstat.out")"
echo "ok: dbstat mysql -x: SLEEP(0.05) in 32 -> 63 ms"

expect_bad_input "no PID" "$BPFKIT" mysqld_qslower
expect_bad_input "bad min_ms" "$BPFKIT" mysqld_qslower "$MYPID" fast
expect_bad_input "not a MySQL server" "$BPFKIT" mysqld_qslower $$
expect_bad_input "dbslower mysql without -x" "$BPFKIT" dbslower mysql -p "$MYPID"
echo PASS
