# uflow on real runtimes: javaflow -C LangWork shows the Java program's
# outer -> inner -> target nesting, entry and return, once per call and
# nothing else of its class; pythonflow the same for the script on
# python3.11 (-M target: only that method, at depth 1); -j; refusals.
# vm: skip (the guests have no JVM or python3.11)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

# check FILE PID CLASS: rows of process PID, two calls' nesting exactly.
check() {
	grep -E "^[0-9]+ +$2 +[0-9]+ +[0-9]+\.[0-9]{3} +(->|<-|  )" "$1" | sed -E 's/^([^ ]+ +){3}//' | cut -c10- >"$T/flow"
	n=$(wc -l <"$T/flow")
	[ "$n" -eq 30 ] || fail "$n rows of 5 calls' 30 in $1"
	for d in "-> $3outer" "  -> $3inner" "    -> $3target" "    <- $3target" "  <- $3inner" "<- $3outer"; do
		echo "$d"
	done >"$T/want"
	head -n 6 "$T/flow" | cmp -s - "$T/want" || fail "nesting: $(head -n 6 "$T/flow")"
	[ "$(sort -u "$T/flow" | wc -l)" -eq 6 ] || fail "rows other than the six: $(sort -u "$T/flow")"
}

java_start 5 0 0 0
start_tool javaflow -C LangWork "$PROG_PID"
wait_for "$T/javaflow.out" '^CPU +PID +TID +TIME\(us\) +METHOD$'
expect_line "$T/javaflow.out" "Tracing method calls in java process $PROG_PID... Ctrl-C to quit."
poke
wait_for "$T/prog.out" '^done'
wait_for_lines "$T/javaflow.out" '<- LangWork\.outer$' 5
stop_tool
lang_finish
check "$T/javaflow.out" "$PROG_PID" LangWork.
echo "ok: javaflow: 5 calls outer -> inner -> target"

python_start 5 0
start_tool pythonflow -C "$PROGS_SRC/langwork" "$PROG_PID"
wait_for "$T/pythonflow.out" '^CPU +PID +TID +TIME\(us\) +METHOD$'
poke
wait_for "$T/prog.out" '^done$'
wait_for_lines "$T/pythonflow.out" '<- .*langwork\.py\.outer$' 5
stop_tool
lang_finish
check "$T/pythonflow.out" "$PROG_PID" "$PROGS_SRC/langwork.py."
echo "ok: pythonflow: 5 calls outer -> inner -> target"

python_start 5 0
start_tool uflow -j -l python -M target "$PROG_PID"
wait_for "$T/uflow.err" '^CPU +PID +TID +TIME\(us\) +METHOD$'
poke
wait_for "$T/prog.out" '^done$'
wait_for_lines "$T/uflow.out" '"method": "<- ' 5
stop_tool
lang_finish
n=$(grep -Ec "^\{\"cpu\": [0-9]+, \"pid\": $PROG_PID, \"tid\": $PROG_PID, \"time_s\": [0-9.]+, \"method\": \"(->|<-) $PROGS_SRC/langwork.py.target\"\}$" "$T/uflow.out")
[ "$n" -eq 10 ] || fail "-j -M target: $n of 10 rows: $(cat "$T/uflow.out")"
[ "$(wc -l <"$T/uflow.out")" -eq 10 ] || fail "-M target let other methods through"
echo "ok: uflow -j -M target"

expect_no_probes perl uflow -l perl -- /usr/bin/perl -e '<STDIN>'
expect_bad_input "unknown language" "$BPFKIT" uflow -l cobol $$
expect_bad_input "no language" "$BPFKIT" uflow $$
echo PASS
