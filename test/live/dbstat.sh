# dbstat: a PostgreSQL 15 server of the test's own (initdb in $T, its
# socket in $T, 127.0.0.1:25433) runs known queries through psql (each
# done, and so counted, before psql returns).  With -p the postmaster and
# -m 20, 3 pg_sleep(0.08) land in the 64 -> 127 ms row and the 5 cheap
# queries nowhere; with -u -m 0 the histogram counts all 4 queries, the
# pg_sleep(0.08) in the 65536 -> 131071 us row; -j and -i 1; bad input is
# one line.
# vm: skip (the guests have no PostgreSQL)
. "$TESTLIB"
PGPORT=25433
. "$(dirname "$TESTLIB")/pgserver.sh"
# rows FILE: the histogram's non-empty rows, as "LOW HIGH COUNT".
rows() {
	sed -n 's/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1 \2 \3/p' "$1" | awk '$3 != 0'
}

pg_start
status="^Tracing database queries for pids $PM slower than [0-9]+ ms\.\.\.\$"

start_tool dbstat postgres -p "$PM" -m 20
wait_for "$T/dbstat.out" "$status"
for i in 1 2 3 4 5; do q "SELECT $i"; done
for i in 1 2 3; do q "SELECT pg_sleep(0.08)"; done
stop_tool
out=$T/dbstat.out
[ "$(sed -n 1p "$out")" = "Tracing database queries for pids $PM slower than 20 ms..." ] || fail "status: $(sed -n 1p "$out")"
sed -n 2p "$out" | grep -Eq '^\[[0-9]{2}:[0-9]{2}:[0-9]{2}\]$' || fail "no [HH:MM:SS] line"
[ "$(sed -n 3p "$out")" = "     query latency (ms)  : count     distribution" ] || fail "histogram header: $(sed -n 3p "$out")"
[ "$(rows "$out")" = "64 127 3" ] || fail "-m 20: expected 3 in 64 -> 127, got: $(rows "$out")"
[ "$(grep -c '' "$out")" -eq 11 ] || fail "expected the rows 0 -> 1 to 64 -> 127 and a blank line"
[ "$(sed -n 11p "$out")" = "" ] || fail "no blank line after the histogram"
echo "ok: -m 20: 3 pg_sleep(0.08) in 64 -> 127 ms, the 5 cheap queries left out"

start_tool dbstat postgres -p "$PM" -u
wait_for "$T/dbstat.out" "$status"
for i in 1 2 3; do q "SELECT $i"; done
q "SELECT pg_sleep(0.08)"
stop_tool
expect_grep '^     query latency \(us\)  : count     distribution$' "$T/dbstat.out"
total=$(rows "$T/dbstat.out" | awk '{ n += $3 } END { print n }')
[ "$total" -eq 4 ] || fail "-u: expected 4 queries, counted $total: $(rows "$T/dbstat.out")"
rows "$T/dbstat.out" | grep -q '^65536 131071 1$' || fail "-u: pg_sleep(0.08) not in 65536 -> 131071: $(rows "$T/dbstat.out")"
echo "ok: -u: 4 queries, the pg_sleep(0.08) in 65536 -> 131071 us"

# -i 1 with -j: one object a second; the one after the query has it.
start_tool dbstat postgres -p "$PM" -m 20 -j -i 1
wait_for "$T/dbstat.err" "$status"
q "SELECT pg_sleep(0.08)"
wait_for "$T/dbstat.out" '"count": 1\}\]\}$'
stop_tool
grep -Eq '^\{"ts": "[0-9]{2}:[0-9]{2}:[0-9]{2}", "val_type": "query latency \(ms\)", "data": \[(\{"interval-start": [0-9]+, "interval-end": [0-9]+, "count": 0\}, ){6}\{"interval-start": 64, "interval-end": 127, "count": 1\}\]\}$' \
	"$T/dbstat.out" || fail "-j: $(cat "$T/dbstat.out")"
echo "ok: -j -i 1"

expect_bad_input "unknown engine" "$BPFKIT" dbstat sqlite
expect_bad_input "no engine" "$BPFKIT" dbstat -p "$PM"
expect_bad_input "a process without the probes" "$BPFKIT" dbstat postgres -p $$
echo PASS
