# ugc on real runtimes: javagc sees each of the Java program's three
# System.gc() calls (HotSpot's gc__begin/end, and each memory pool's),
# pythongc each of the script's three gc.collect() calls (generation 2),
# -m, -F, -j; node without probes, an unknown language are refused.
# vm: skip (the guests have no JVM or python3.11)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

java_start 0 3 0 0
start_tool javagc -m "$PROG_PID"
wait_for "$T/javagc.out" '^START +TIME \(ms\) DESCRIPTION'
expect_line "$T/javagc.out" "Tracing garbage collections in java process $PROG_PID... Ctrl-C to quit."
poke
wait_for "$T/prog.out" '^done'
wait_for_lines "$T/javagc.out" 'no additional info available$' 3
stop_tool
lang_finish
n=$(grep -Ec '^[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2} +no additional info available$' "$T/javagc.out")
[ "$n" -eq 3 ] || fail "$n collections of 3"
n=$(grep -Ec '^[0-9.]+ +[0-9.]+ +G1 Old Generation G1 Old Gen used=[0-9]+->[0-9]+ max=[0-9]+->[0-9]+$' "$T/javagc.out")
[ "$n" -eq 3 ] || fail "$n old generation pool collections of 3"
echo "ok: javagc: 3 System.gc() collections, each with its pools"

python_start 0 3
start_tool pythongc -j -F 'gen 2' "$PROG_PID"
wait_for "$T/pythongc.err" '^START +TIME \(us\) DESCRIPTION'
poke
wait_for "$T/prog.out" '^done$'
wait_for_lines "$T/pythongc.out" 'gen 2 GC' 3
stop_tool
lang_finish
n=$(grep -Ec '^\{"start_s": [0-9.]+, "time_us": [0-9.]+, "description": "gen 2 GC collected [0-9]+ objects"\}$' "$T/pythongc.out")
[ "$n" -eq 3 ] || fail "$n gc.collect() of 3"
[ "$(wc -l <"$T/pythongc.out")" -eq 3 ] || fail "-F let other rows through"
echo "ok: pythongc -j -F: 3 gc.collect() collections"

expect_no_probes node ugc -l node -- /usr/bin/node -e 'process.stdin.resume()'
expect_bad_input "unknown language" "$BPFKIT" ugc -l perl $$
echo PASS
