# dbslower: a PostgreSQL 15 server of the test's own (initdb in $T, its
# socket in $T, 127.0.0.1:25432) runs known queries through psql.  With -p
# the postmaster, a backend's pg_sleep(0.05) shows with its text, that
# backend's PID and at least 50 ms, and cheap queries under -m 20 do not;
# -p of the checkpointer (a child of the postmaster that runs no query)
# shows none of them; -m 0 without -p shows exactly the 5 queries run; -j;
# bad input (an unknown engine, a PID that is not there, a process without
# the probes, MariaDB's mariadbd without USDT probes) is one line.
# vm: skip (the guests have no PostgreSQL)
. "$TESTLIB"
PGPORT=25432
. "$(dirname "$TESTLIB")/pgserver.sh"

pg_start
hdr='^TIME\(s\) +PID +MS +QUERY$'

# The postmaster's backends; the checkpointer's (none) in a second dbslower.
ckpt=$(q "SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'")
[ -n "$ckpt" ] || fail "no checkpointer"
"$BPFKIT" dbslower postgres -m 0 -p "$ckpt" >"$T/other.out" 2>"$T/other.err" &
OTHER=$!
BG_PIDS="$BG_PIDS $OTHER"
start_tool dbslower postgres -p "$PM" -m 20
wait_for "$T/dbslower.out" "$hdr"
wait_for "$T/other.out" "$hdr"
line=$(sed -n 1p "$T/dbslower.out")
[ "$line" = "Tracing database queries for pids $PM slower than 20 ms..." ] || fail "status: $line"
for i in 1 2 3; do q "SELECT $i AS bpfkit_fast" >/dev/null; done
slow=$(q "SELECT pg_backend_pid(), pg_sleep(0.05) AS bpfkit_slow")
backend=${slow%%|*}
wait_for "$T/dbslower.out" 'bpfkit_slow$'
stop_tool
kill -INT "$OTHER"
wait "$OTHER" || fail "the -p $ckpt dbslower exited with $?"
row=$(grep 'bpfkit_slow$' "$T/dbslower.out")
echo "$row" | grep -Eq "^[0-9]+\.[0-9]{6} +$backend +[0-9]+\.[0-9]{3} SELECT pg_backend_pid\(\), pg_sleep\(0\.05\) AS bpfkit_slow\$" ||
	fail "row: '$row' (backend $backend)"
ms=$(echo "$row" | awk '{print $3}')
awk -v ms="$ms" 'BEGIN { exit !(ms >= 50) }' || fail "pg_sleep(0.05) took $ms ms"
[ "$row" = "$(printf '%-14s %-7d %8s %s' "${row%% *}" "$backend" "$ms" "SELECT pg_backend_pid(), pg_sleep(0.05) AS bpfkit_slow")" ] ||
	fail "not BCC's layout: '$row'"
expect_no_grep 'bpfkit_fast' "$T/dbslower.out"
[ "$(grep -c . "$T/other.out")" -eq 2 ] || fail "-p $ckpt (the checkpointer) saw queries: $(cat "$T/other.out")"
echo "ok: backend $backend's pg_sleep(0.05): $ms ms; the 3 fast ones under -m 20 and the checkpointer's filter: none"

# Every query, every process of the binary.
start_tool dbslower postgres -m 0
wait_for "$T/dbslower.out" "$hdr"
for i in 1 2 3 4 5; do q "SELECT $i AS bpfkit_all" >/dev/null; done
wait_for_lines "$T/dbslower.out" 'bpfkit_all$' 5
stop_tool
[ "$(grep -c 'bpfkit_all$' "$T/dbslower.out")" -eq 5 ] || fail "expected 5 rows"
for i in 1 2 3 4 5; do expect_grep "^[0-9.]+ +[0-9]+ +[0-9.]+ SELECT $i AS bpfkit_all\$" "$T/dbslower.out"; done
sed -n 1p "$T/dbslower.out" | grep -Eq "^Tracing database queries for pids $PM(, [0-9]+)* slower than 0 ms\.\.\.\$" ||
	fail "status without -p: $(sed -n 1p "$T/dbslower.out")"
echo "ok: -m 0: the 5 queries"

start_tool dbslower postgres -j -p "$PM"
wait_for "$T/dbslower.err" "$hdr"
slow=$(q "SELECT pg_backend_pid(), pg_sleep(0.05) AS bpfkit_json")
wait_for "$T/dbslower.out" 'bpfkit_json'
stop_tool
grep -Eq "^\{\"time_s\": [0-9]+\.[0-9]+, \"pid\": ${slow%%|*}, \"ms\": [0-9]+\.[0-9]+, \"query\": \"SELECT pg_backend_pid\(\), pg_sleep\(0\.05\) AS bpfkit_json\"\}\$" \
	"$T/dbslower.out" || fail "-j: $(cat "$T/dbslower.out")"
echo "ok: -j"

expect_bad_input "unknown engine" "$BPFKIT" dbslower oracle
grep -q "oracle" "$T/bad.err" || fail "the refusal does not name the engine"
expect_bad_input "no such PID" "$BPFKIT" dbslower postgres -p 4194304
expect_bad_input "a process without the probes" "$BPFKIT" dbslower postgres -p $$
grep -q "has no PostgreSQL USDT probes" "$T/bad.err" || fail "the refusal does not say why"
expect_bad_input "-x for PostgreSQL" "$BPFKIT" dbslower postgres -x "$PGBIN/postgres"
if [ -x /usr/sbin/mariadbd ] && ! readelf -n /usr/sbin/mariadbd | grep -q stapsdt; then
	expect_bad_input "a missing -x binary" "$BPFKIT" dbslower mysql -x /nonexistent/mariadbd
	expect_bad_input "mariadbd without USDT" "$BPFKIT" dbslower mysql
	[ "$(cat "$T/bad.err")" = "dbslower: /usr/sbin/mariadbd has no USDT probes (built without -DENABLE_DTRACE=1); use -x for the uprobe mode" ] ||
		fail "the refusal: $(cat "$T/bad.err")"
fi
echo PASS
