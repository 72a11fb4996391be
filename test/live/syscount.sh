# syscount counts exactly the getpid calls of a test process (4321), by
# syscall and by process, with -L, and ends by itself with -d.
. "$TESTLIB"

# The same count through every mechanism of the fallback chain:
# tp_btf, then raw_tp, then the raw_syscalls tracepoint.
for off in "" tp_btf tp_btf,raw_tp; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/getpids" 4321
	start_tool syscount -p "$PROG_PID"
	wait_for "$T/syscount.out" '^Tracing syscalls'
	poke
	wait "$PROG_PID"
	stop_tool
	expect_grep '^getpid +4321$' "$T/syscount.out"
	expect_grep '^Detaching\.\.\.$' "$T/syscount.out"
	echo "ok: 4321 getpid counted (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -P: the process row carries all calls (getpid + the exec's own syscalls).
gated_start "$TESTBIN/getpids" 1000
start_tool syscount -P -p "$PROG_PID" -L
wait_for "$T/syscount.out" '^Tracing syscalls'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^PID    COMM +COUNT +TIME \(us\)$' "$T/syscount.out"
count=$(awk -v p="$PROG_PID" '$1 == p { print $3 }' "$T/syscount.out")
[ -n "$count" ] && [ "$count" -ge 1000 ] || fail "expected >= 1000 calls for $PROG_PID, got '$count'"

# --syscall and -d: only getpid, and the tool ends on its own.
gated_start "$TESTBIN/getpids" 77
start_tool syscount --syscall getpid -p "$PROG_PID" -d 30
wait_for "$T/syscount.out" "^Tracing syscall 'getpid'"
poke
wait "$PROG_PID"
stop_tool
expect_grep '^getpid +77$' "$T/syscount.out"
[ "$(grep -Ec '^[a-z_0-9]+ +[0-9]+$' "$T/syscount.out")" -eq 1 ] || fail "only getpid expected"

# -j: an object per row on stdout, the status and header on stderr.
gated_start "$TESTBIN/getpids" 4321
start_tool syscount -j -L -p "$PROG_PID"
wait_for "$T/syscount.err" '^Tracing syscalls'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^\{"time": "[0-9:]{8}", "syscall": "getpid", "count": 4321, "time_us": [0-9.]+\}$' "$T/syscount.out"
[ "$(grep -vc '^{' "$T/syscount.out")" -eq 0 ] || fail "-j: stdout has lines that are not JSON objects"
echo "ok: -j"

# --exec: the command runs once tracing is ready, only its syscalls are
# counted (4321 getpid, none missed), and its exit ends the tool, status 0
# whatever the command's own (BCC).  -P names it by what it exec'd.
start_tool syscount -P --exec "$TESTBIN/getpids" 4321
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "syscount --exec exited $TOOL_RC"
expect_grep '^[0-9]+ +getpids +[0-9]+$' "$T/syscount.out"
[ "$(grep -Ec '^[0-9]+ +[a-z]' "$T/syscount.out")" -eq 1 ] || fail "--exec -P: one process expected"
expect_grep '^Detaching\.\.\.$' "$T/syscount.out"
start_tool syscount --syscall getpid --exec "$TESTBIN/getpids" 4321
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "syscount --exec exited $TOOL_RC"
expect_grep '^getpid +4321$' "$T/syscount.out"
start_tool syscount --exec sh -c 'exit 3'
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "syscount --exec of a command exiting 3: status $TOOL_RC, BCC's is 0"
echo "ok: --exec"
expect_bad_input "--exec of a missing command" "$BPFKIT" syscount --exec "$T/no-such-command"
expect_bad_input "--exec with -p" "$BPFKIT" syscount -p $$ --exec true
expect_bad_input "--exec without a command" "$BPFKIT" syscount --exec

# -x / -e: failures only.
"$BPFKIT" syscount -d 0.001 -x >/dev/null || fail "syscount -d 0.001 -x"
"$BPFKIT" syscount -l | grep -q 'getpid' || fail "syscount -l lacks getpid"
echo PASS
