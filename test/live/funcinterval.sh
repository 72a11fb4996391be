# funcinterval: functimer calls tick() every 20 ms, 12 times once poked
# (after the tool's status line): 11 intervals, each in the log2 bucket of
# the gap functimer measured itself (but the first, see hist_is); a tracepoint (getpid N times: N - 1
# intervals); bad patterns refused in one line.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/functimer.sh"

for off in "" uprobe_multi; do
	export BPFKIT_DISABLE="$off"
	gated_start "$P" tick:12:20
	start_tool funcinterval -m -p "$PROG_PID" "$P:tick"
	wait_for "$T/funcinterval.out" '^Tracing uprobe function for "tick"\.\.\. Hit Ctrl-C to end\.$' 30
	poke
	wait "$PROG_PID"
	stop_tool
	expect_grep '^     msecs               : count     distribution$' "$T/funcinterval.out"
	hist_is "$T/funcinterval.out" gap 1000000
	total=$(grep -E '^ +[0-9]+ -> [0-9]+ +: [0-9]+' "$T/funcinterval.out" | awk '{ s += $5 } END { print s + 0 }')
	[ "$total" -eq 11 ] || fail "$total intervals, expected 11"
	expect_grep '^Detaching\.\.\.$' "$T/funcinterval.out"
	expect_no_grep '^avg' "$T/funcinterval.out"
	echo "ok: 11 intervals of 20 ms between 12 ticks (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -u and -j.
gated_start "$P" tick:12:20
start_tool funcinterval -u -j -p "$PROG_PID" "$P:tick"
wait_for "$T/funcinterval.err" '^Tracing uprobe function'
poke
wait "$PROG_PID"
stop_tool
[ "$(wc -l <"$T/funcinterval.out")" -eq 1 ] || fail "-j: expected one line"
expect_grep '^\{"ts": "[0-9 :-]+", "val_type": "usecs", "data": \[.*\]\}$' "$T/funcinterval.out"
total=$(grep -o '"count": [0-9]*' "$T/funcinterval.out" | awk '{ s += $2 } END { print s + 0 }')
[ "$total" -eq 11 ] || fail "-j: $total intervals, expected 11"
echo "ok: -u -j"

# A tracepoint: getpid 300 times, 299 intervals.
gated_start "$TESTBIN/getpids" 300
start_tool funcinterval -p "$PROG_PID" t:syscalls:sys_enter_getpid
wait_for "$T/funcinterval.out" '^Tracing tracepoint for "syscalls:sys_enter_getpid"\.\.\. Hit Ctrl-C to end\.$'
poke
wait "$PROG_PID"
stop_tool
total=$(grep -E '^ +[0-9]+ -> [0-9]+ +: [0-9]+' "$T/funcinterval.out" | awk '{ s += $5 } END { print s + 0 }')
[ "$total" -eq 299 ] || fail "tracepoint: $total intervals, expected 299"
expect_grep '^     nsecs               : count     distribution$' "$T/funcinterval.out"
echo "ok: 299 intervals between 300 getpid calls"

if "$BPFKIT" features | grep -Eq '^kprobes +no'; then
	expect_bad_input "a kernel function without kprobes" "$BPFKIT" funcinterval vfs_read
	expect_grep '^funcinterval: cannot attach kprobe vfs_read: kprobes: ' "$T/bad.err"
fi
expect_bad_input "unknown function" "$BPFKIT" funcinterval "$P:no_such_function"
expect_bad_input "unknown library" "$BPFKIT" funcinterval no_such_lib_x:read
expect_bad_input "unknown tracepoint" "$BPFKIT" funcinterval t:no_such_cat:no_such_event
expect_bad_input "bad PID" "$BPFKIT" funcinterval -p 2147483646 "$P:tick"
expect_bad_input "malformed pattern" "$BPFKIT" funcinterval 'a:b:c:d'
