# slabratetop: test/progs/openloop opens and closes /dev/null 5000 times:
# with -p, its filp cache row counts those allocations, their bytes the
# cache's object size each; -s orders, -r cuts, -j and bad -s as BCC's.
. "$TESTLIB"
n=5000

# run ARGS...: slabratetop -C -p openloop ARGS until openloop ends, then
# Ctrl-C (the last summary).
run() {
	gated_start "$TESTBIN/openloop" $n
	start_tool slabratetop -C -p "$PROG_PID" "$@" 60
	wait_for "$T/slabratetop.$([ "${1:-}" = -j ] && echo err || echo out)" '^Tracing\.\.\. Output every 60 secs\. Hit Ctrl-C to end$'
	poke
	wait "$PROG_PID" || fail "openloop failed"
	stop_tool
}

run
expect_grep '^CACHE {28}ALLOCS {6}BYTES$' "$T/slabratetop.out"
expect_grep '^Detaching\.\.\.$' "$T/slabratetop.out"
allocs=$(awk '$1 == "filp" { print $2 }' "$T/slabratetop.out")
bytes=$(awk '$1 == "filp" { print $3 }' "$T/slabratetop.out")
# Each open takes a filp; the gate's read and exit a few more at most.
[ -n "$allocs" ] && [ "$allocs" -ge $n ] && [ "$allocs" -le $((n + 20)) ] || fail "filp allocations: '$allocs', expected $n..$((n + 20))"
if [ -r /sys/kernel/slab/filp/slab_size ]; then
	[ "$bytes" -eq $((allocs * $(cat /sys/kernel/slab/filp/slab_size))) ] || fail "filp bytes $bytes for $allocs"
fi
line=$(grep '^filp ' "$T/slabratetop.out")
[ "$line" = "$(printf '%-32s %6d %10d' filp "$allocs" "$bytes")" ] || fail "row '$line'"
echo "ok: $line"

run -s name -r 2
rows=$(sed -n '/^CACHE /,/^Detaching/p' "$T/slabratetop.out" | sed '1d;$d' | awk '{ print $1 }')
[ "$(echo "$rows" | wc -l)" -eq 2 ] || fail "-r 2: rows '$rows'"
[ "$rows" = "$(echo "$rows" | LC_ALL=C sort)" ] || fail "-s name: '$rows' not in order"
echo "ok: -s name -r 2:" $rows

run -j -s count
expect_grep "^\{\"cache\": \"filp\", \"allocs\": [0-9]+, \"bytes\": [0-9]+\}$" "$T/slabratetop.out"
expect_no_grep 'Detaching' "$T/slabratetop.out"
first=$(head -n 1 "$T/slabratetop.out" | sed 's/.*"allocs": \([0-9]*\),.*/\1/')
max=$(sed 's/.*"allocs": \([0-9]*\),.*/\1/' "$T/slabratetop.out" | sort -n | tail -n 1)
[ "$first" -eq "$max" ] || fail "-s count: first row has $first allocations, the most is $max"
echo "ok: -j -s count"

expect_bad_input "-s bad" "$BPFKIT" slabratetop -s bad
