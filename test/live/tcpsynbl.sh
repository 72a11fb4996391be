# tcpsynbl: a tcpserver with a backlog of 37 that does not accept yet, and
# a tcpopen that makes N connections to it one after another, over
# 127.0.0.1 and ::1: the queue held 0 .. N-1 as each handshake completed,
# in the section of backlog_max 37 (a limit no other test uses); -4/-6,
# intervals with -T, -j and bad input.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

N=5 BACKLOG=37
# run ADDR ARGS...: tcpsynbl ARGS while the N connections are made.
run() {
	_addr=$1
	shift
	gated_server "$_addr" "$BACKLOG" "$N" 0
	start_tool tcpsynbl "$@"
	wait_for "$T/tcpsynbl.${HDR:-out}" '^Tracing SYN backlog size\. Ctrl-C to end\.$'
	gated_start "$TESTBIN/tcpopen" "$_addr" "$PORT" "$N"
	wait_for "$T/prog.out" "^open $N\$"
}
# section: the histogram of backlog_max 37, its rows' "LOW HIGH COUNT".
section() {
	sed -n "/^backlog_max = $BACKLOG\$/,/^\$/p" "$T/tcpsynbl.out" | sed -n 's/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1 \2 \3/p'
}
# Queues of 0 and 1 (0 -> 1), 2 and 3, then 4.
want="0 1 2
2 3 2
4 7 1"

run 127.0.0.1
stop_tool
release_both
[ "$(section)" = "$want" ] || fail "v4: expected '$want', got '$(section)'"
expect_grep '^     backlog             : count     distribution$' "$T/tcpsynbl.out"
echo "ok: v4: $N handshakes, queues 0..$((N - 1)) under backlog_max = $BACKLOG"

run ::1 -6
stop_tool
release_both
[ "$(section)" = "$want" ] || fail "v6: expected '$want', got '$(section)'"
echo "ok: v6 with -6"

run ::1 -4
stop_tool
release_both
expect_no_grep "^backlog_max = $BACKLOG\$" "$T/tcpsynbl.out"
echo "ok: -4 leaves out ::1"

# Two 1 s summaries with the time, then it ends by itself.
run 127.0.0.1 -T 1 2
wait_tool 10
release_both
[ "$TOOL_RC" -eq 0 ] || fail "tcpsynbl 1 2 exited with $TOOL_RC"
[ "$(grep -Ec '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/tcpsynbl.out")" -eq 2 ] || fail "-T 1 2: expected two timed summaries"
echo "ok: -T 1 2"

HDR=err run 127.0.0.1 -j
stop_tool
release_both
expect_grep "^\{\"ts\": \"[0-9-]+ [0-9:]+\", \"val_type\": \"backlog\", \"data\": \[\{\"interval-start\": 0, \"interval-end\": 1, \"count\": 2\}, \{\"interval-start\": 2, \"interval-end\": 3, \"count\": 2\}, \{\"interval-start\": 4, \"interval-end\": 7, \"count\": 1\}\], \"backlog_max\": \"$BACKLOG\"\}\$" "$T/tcpsynbl.out"
echo "ok: -j"

expect_bad_input "-4 and -6" "$BPFKIT" tcpsynbl -4 -6
expect_bad_input "an interval that is not a number" "$BPFKIT" tcpsynbl 1s
