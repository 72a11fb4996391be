# ustat on real runtimes: pythonstat -j counts exactly the 1050 Python
# function calls (350 each of outer, inner, target; the line probe's
# semaphore set) and the one reading the poke and the 2 gc.collect() of a python3.11 script, summed over
# its intervals; javastat -C the Java program's 2 thread starts exactly and
# its 3000 and more method calls; an unknown language or sort field, Tcl
# without probes are refused.
# vm: skip (the guests have no JVM or python3.11)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

# sum FILE PID COLUMN: a text table's column (1-based) summed over every
# row of PID.
sum() {
	awk -v pid="$2" -v col="$3" '$1 == pid { s += $col } END { print s + 0 }' "$1"
}
# wait_intervals FILE REGEX: until one more line than now matches (an
# interval's summary out after what the workload did).
wait_intervals() {
	_n=$(grep -Ec "$2" "$1")
	wait_for_lines "$1" "$2" $((_n + 1))
}

python_start 350 2
start_tool pythonstat -j 1
wait_for "$T/pythonstat.err" '^Tracing\.\.\. Output every 1 secs\. Hit Ctrl-C to end$'
wait_for "$T/pythonstat.out" "^\{\"pid\": $PROG_PID, "
poke
wait_for "$T/prog.out" '^done$'
wait_intervals "$T/pythonstat.out" "^\{\"pid\": $PROG_PID, "
stop_tool
lang_finish
grep "^{\"pid\": $PROG_PID, " "$T/pythonstat.out" | sed 's/[{}",:]/ /g' >"$T/py.rows"
# And one of codecs' decode(), for the poke's line read from stdin.
n=$(awk '{ s += $6 } END { print s + 0 }' "$T/py.rows")
[ "$n" -eq 1051 ] || fail "$n Python calls of 1050 and the poke's decode"
n=$(awk '{ s += $8 } END { print s + 0 }' "$T/py.rows")
[ "$n" -eq 2 ] || fail "$n Python collections of 2"
expect_grep "^\{\"pid\": $PROG_PID, \"cmdline\": \"$(printf '%.20s' "$PYTHON311 $PROGS_SRC/langwork.py 350 2")\", \"method_s\": [0-9]+, \"gc_s\": [0-9]+, \"objnew_s\": 0, \"cload_s\": 0, \"exc_s\": 0, \"thr_s\": 0\}\$" "$T/pythonstat.out"
echo "ok: pythonstat -j: 1051 calls (the script's 1050, the poke's decode), 2 collections"

# -Xint: no compiler threads started on demand, so the threads are the
# program's own.
[ -f "$T/LangWork.class" ] || "$JAVA_HOME/bin/javac" -d "$T" "$PROGS_SRC/LangWork.java" || fail "javac"
TOOL_PID=""
gated_start "$JAVA_HOME/bin/java" -Xint -XX:+ExtendedDTraceProbes -cp "$T" LangWork 1000 0 2 0
wait_for "$T/prog.out" '^ready$' 60
start_tool javastat -C 1
wait_for "$T/javastat.out" "^$PROG_PID +$(printf '%.20s' "$JAVA_HOME/bin/java") "
expect_grep '^PID +CMDLINE +METHOD/s +GC/s +OBJNEW/s +CLOAD/s +EXC/s +THR/s$' "$T/javastat.out"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2} loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$' "$T/javastat.out"
poke
wait_for "$T/prog.out" '^done'
wait_intervals "$T/javastat.out" "^$PROG_PID "
stop_tool
lang_finish
n=$(sum "$T/javastat.out" "$PROG_PID" 8)
[ "$n" -eq 2 ] || fail "$n Java thread starts of 2"
n=$(sum "$T/javastat.out" "$PROG_PID" 3)
[ "$n" -ge 3000 ] || fail "$n Java method calls, fewer than the program's 3000"
expect_grep "^Detaching\\.\\.\\.\$" "$T/javastat.out"
echo "ok: javastat -C: 2 threads, $n method calls"

TOOL_PID=""
gated_start "$(readlink -f /usr/bin/tclsh)"
expect_bad_input "tcl without probes" "$BPFKIT" tclstat 1 1
grep -q 'has no USDT probes: it was built without them (a Tcl configured with --enable-dtrace has them)$' "$T/bad.err" ||
	fail "tcl: $(cat "$T/bad.err")"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null
expect_bad_input "unknown language" "$BPFKIT" ustat -l cobol
expect_bad_input "unknown sort field" "$BPFKIT" ustat -S calls
echo PASS
