# ucalls on real runtimes: javacalls counts exactly the calls a Java
# program makes of its methods (-XX:+ExtendedDTraceProbes), pythoncalls
# those of a script on Debian's python3.11 (exact only because the line
# probe's semaphore is set too), -L times them, -T keeps the top, -S adds
# syscalls, -j; a runtime without probes, a process of another language,
# an unknown language and a bad PID are each refused in one line.
# vm: skip (the guests have no JVM or python3.11)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

java_start 1000 0 0 0
start_tool javacalls "$PROG_PID"
wait_for "$T/javacalls.out" "^Tracing calls in process $PROG_PID \(language: java\)\.\.\. Ctrl-C to quit\.$"
poke
wait_for "$T/prog.out" '^done'
stop_tool
lang_finish
for m in outer inner target; do
	expect_line "$T/javacalls.out" "$(printf '%-50s %8d' "LangWork.$m" 1000)"
done
expect_line "$T/javacalls.out" "$(printf '%-50s %8s' METHOD '# CALLS')"
echo "ok: javacalls: 1000 calls each of LangWork.outer, inner, target"

# Through a symlink named javacalls, with -L -m: times in milliseconds.
"$BPFKIT" --install "$T/bin" >/dev/null || fail "--install"
[ -L "$T/bin/javacalls" ] || fail "--install made no javacalls link"
java_start 1000 0 0 0
: >"$T/link.out"
"$T/bin/javacalls" -L -m "$PROG_PID" >"$T/link.out" 2>"$T/link.err" &
TOOL_PID=$!
BG_PIDS="$BG_PIDS $TOOL_PID"
wait_for "$T/link.out" '^Tracing calls in process'
poke
wait_for "$T/prog.out" '^done'
stop_tool
lang_finish
expect_line "$T/link.out" "$(printf '%-50s %8s %8s' METHOD '# CALLS' 'TIME (ms)')"
expect_grep "^$(printf '%-50s %8d' LangWork.outer 1000) +[0-9]+\.[0-9]{2}\$" "$T/link.out"
echo "ok: javacalls link, -L -m"

# -T 3: the three most called, which are the script's (the rest once).
python_start 350 0
start_tool pythoncalls -T 3 "$PROG_PID"
wait_for "$T/pythoncalls.out" "^Tracing calls in process $PROG_PID \(language: python\)"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
for m in outer inner target; do
	expect_line "$T/pythoncalls.out" "$(printf '%-50s %8d' "$PROGS_SRC/langwork.py.$m" 350)"
done
rows=$(sed -n '/^METHOD/,$p' "$T/pythoncalls.out" | tail -n +2 | grep -c .)
[ "$rows" -eq 3 ] || fail "-T 3 printed $rows rows"
echo "ok: pythoncalls -T 3: 350 calls each of outer, inner, target"

# -j, -S (the script's read of its second line is in the counts), detected
# language (no -l).
python_start 350 0
start_tool ucalls -j -S "$PROG_PID"
wait_for "$T/ucalls.err" '^Tracing calls in process .* \(language: python\)'
expect_grep '^Attached kernel tracepoints for syscall tracing\.$' "$T/ucalls.err"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
expect_grep "^\{\"method\": \"$PROGS_SRC/langwork.py.target\", \"calls\": 350\}$" "$T/ucalls.out"
expect_grep '^\{"method": "write", "calls": [1-9][0-9]*\}$' "$T/ucalls.out"
echo "ok: ucalls -j -S, language detected"

# Refusals, each one line.
expect_no_probes perl ucalls -l perl -- /usr/bin/perl -e '<STDIN>'
expect_no_probes tcl ucalls -l tcl -- "$(readlink -f /usr/bin/tclsh)"
python_start 1 0
expect_bad_input "not a java process" "$BPFKIT" ucalls -l java "$PROG_PID"
grep -q "is not a java process" "$T/bad.err" || fail "$(cat "$T/bad.err")"
kill "$PROG_PID"
expect_bad_input "unknown language" "$BPFKIT" ucalls -l cobol $$
expect_bad_input "bad PID" "$BPFKIT" pythoncalls 999999999
expect_bad_input "no PID" "$BPFKIT" ucalls -l java
echo PASS
