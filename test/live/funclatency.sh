# funclatency times user functions of test/progs/functimer, which sleeps
# known times once poked (after the tool's status line): every call lands
# in the log2 bucket of its sleep, the average line counts them, -F and
# user functions without -p give a histogram per function and process,
# -l times the outermost levels of a recursion; kernel functions where the
# kernel has no kprobes and bad patterns are refused in one line.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/functimer.sh"

# timed ARGS...: funclatency ARGS (the pattern last) timing the functimer
# that gated_start started, poked once the tool traces; the output in
# $T/funclatency.out.
timed() {
	start_tool funclatency "$@"
	wait_for "$T/funclatency.out" '^Tracing [0-9]+ functions for ' 30
	poke
	wait "$PROG_PID"
	stop_tool
}
# row FILE LOW HIGH COUNT: the histogram row of that bucket has COUNT.
row() {
	expect_grep "^ +$2 -> $3 +: $4 +\|" "$1"
}
# Single uprobes and uprobe_multi links, with cookies or, as before 5.15,
# keys: 5 calls of 10 ms and 3 of 40 ms, in msecs.
for off in "" uprobe_multi uprobe_multi,cookies; do
	export BPFKIT_DISABLE="$off"
	gated_start "$P" nap:5:10 nap:3:40 doze:4:1
	timed -m -p "$PROG_PID" "$P:nap"
	expect_grep "^Tracing 1 functions for \"$P:nap\"\.\.\. Hit Ctrl-C to end\.$" "$T/funclatency.out"
	hist_is "$T/funclatency.out" nap 1000000
	expect_grep '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 8$' "$T/funclatency.out"
	expect_no_grep '^Function' "$T/funclatency.out"
	expect_grep '^Detaching\.\.\.$' "$T/funclatency.out"
	echo "ok: 5 naps of 10 ms and 3 of 40 ms in their buckets (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -u: 3 naps of 10 ms in 8192 -> 16383 usecs; the default unit, nsecs: 2
# of 10 ms in 8388608 -> 16777215.
gated_start "$P" nap:3:10
timed -u -p "$PROG_PID" "$P:nap"
hist_is "$T/funclatency.out" nap 1000
expect_grep '^     usecs               : count     distribution$' "$T/funclatency.out"
expect_grep '^avg = [0-9]+ usecs, total: [0-9]+ usecs, count: 3$' "$T/funclatency.out"
gated_start "$P" nap:2:10
timed -p "$PROG_PID" "$P:nap"
hist_is "$T/funclatency.out" nap 1
expect_grep '^avg = [0-9]+ nsecs, total: [0-9]+ nsecs, count: 2$' "$T/funclatency.out"
echo "ok: -u and nsecs"

# -F: a histogram per function (regex), each under BCC's section line,
# user functions with the process; without -p too, as BCC keys them.
# Without BPF cookies (before 5.15) two uprobes cannot be told apart: that
# is refused, in one line.
cookies=$("$BPFKIT" features | awk '$1 == "cookies" { print $2 }')
if [ "$cookies" = no ]; then
	expect_bad_input "two user functions without cookies" "$BPFKIT" funclatency -F -r "$P:(nap|doze)"
	expect_grep 'cannot tell 2 user functions apart' "$T/bad.err"
fi
for pid in yes no; do
	[ "$cookies" = no ] && break
	gated_start "$P" nap:4:10 doze:6:40 nap:2:40
	if [ $pid = yes ]; then
		timed -m -F -p "$PROG_PID" -r "$P:(nap|doze)"
	else
		timed -m -r "$P:(nap|doze)"
	fi
	expect_grep "^Tracing 2 functions for " "$T/funclatency.out"
	sed -n "/^Function = nap \[$PROG_PID\]\$/,/^\$/p" "$T/funclatency.out" >"$T/nap"
	sed -n "/^Function = doze \[$PROG_PID\]\$/,/^\$/p" "$T/funclatency.out" >"$T/doze"
	hist_is "$T/nap" nap 1000000
	hist_is "$T/doze" doze 1000000
	[ "$(grep -c '^Function = ' "$T/funclatency.out")" -eq 2 ] || fail "expected 2 histograms"
	expect_grep '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 12$' "$T/funclatency.out"
	echo "ok: a histogram per function (-p given: $pid)"
done

# Nesting: nest(4) calls itself 3 times, the innermost sleeping 10 ms; by
# default only the innermost call is timed, with -l 3 the outermost 3.
gated_start "$P" nest:4:10
timed -m -p "$PROG_PID" "$P:nest"
expect_grep '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 1$' "$T/funclatency.out"
gated_start "$P" nest:4:10
timed -m -l 3 -p "$PROG_PID" "$P:nest"
expect_grep '^avg = [0-9]+ msecs, total: [0-9]+ msecs, count: 3$' "$T/funclatency.out"
echo "ok: -l 3 times 3 of 4 nested calls, the default the innermost"

# -j: the histogram and the average as JSON objects on stdout, the status
# and Detaching... on stderr.
gated_start "$P" nap:2:10
start_tool funclatency -j -m -F -p "$PROG_PID" "$P:nap"
wait_for "$T/funclatency.err" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
expect_grep '"val_type": "msecs", "data": \[\{"interval-start": 0, "interval-end": 1, "count": 0\}, .*\], "Function": "nap \['"$PROG_PID"'\]"\}$' "$T/funclatency.out"
expect_grep '^\{"avg":[0-9]+,"total":[0-9]+,"count":2,"unit":"msecs"\}$' "$T/funclatency.out"
expect_grep '^Detaching\.\.\.$' "$T/funclatency.err"
[ "$(wc -l <"$T/funclatency.out")" -eq 2 ] || fail "-j: expected 2 lines"
echo "ok: -j"

# -d ends by itself.
gated_start "$P" nap:1:1
"$BPFKIT" funclatency -d 0.5 -p "$PROG_PID" "$P:nap" >"$T/d.out" 2>&1 || fail "-d 0.5"
expect_grep '^Detaching\.\.\.$' "$T/d.out"
kill "$PROG_PID" 2>/dev/null
wait "$PROG_PID" 2>/dev/null

# Bad input: one line, nothing traced.
if "$BPFKIT" features | grep -Eq '^kprobes +no'; then
	expect_bad_input "a kernel function without kprobes" "$BPFKIT" funclatency vfs_read
	expect_grep '^funclatency: cannot attach kprobe vfs_read: kprobes: ' "$T/bad.err"
	expect_bad_input "a kernel glob without kprobes" "$BPFKIT" funclatency -F 'vfs_r*'
fi
expect_bad_input "unknown function" "$BPFKIT" funclatency "$P:no_such_function"
expect_grep "no function matches 'no_such_function' in " "$T/bad.err"
expect_bad_input "unknown kernel function" "$BPFKIT" funclatency no_such_kernel_function_x
expect_bad_input "unknown library" "$BPFKIT" funclatency no_such_lib_x:read
expect_grep "cannot find library or binary 'no_such_lib_x'" "$T/bad.err"
expect_bad_input "bad PID" "$BPFKIT" funclatency -p 2147483646 "$P:nap"
expect_bad_input "malformed pattern" "$BPFKIT" funclatency 'a:b:c:d'
expect_bad_input "a tracepoint" "$BPFKIT" funclatency t:sched:sched_switch
expect_grep "is a tracepoint: funclatency times functions" "$T/bad.err"
expect_bad_input "-l 0" "$BPFKIT" funclatency -l 0 "$P:nap"
