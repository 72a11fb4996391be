# tcptop: a 4 MiB transfer into a namespace over v4, and 1 MiB over v6:
# the client's and the server's flows each show the bytes sent and
# received, exactly (JSON's bytes; the text's KB), under BCC's headers.
# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptop.sh runs
# the fentry and kprobe paths there)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
port=$((40000 + $$ % 1000))
ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
SINK=$!
BG_PIDS="$BG_PIDS $SINK"
wait_for "$T/sink.out" '^listening$'

# transfer ADDR BYTES: the client connected, waiting; its port in $lport.
transfer() {
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$1" "$port" "$2"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	lport=$(sed -n 's/^connected //p' "$T/prog.out")
}
# sum KEY MATCH: KEY summed over the JSON rows matching MATCH.
sum() {
	grep -F -- "$2" "$T/tcptop.out" | sed -n "s/.*\"$1\": \([0-9]*\).*/\1/p" | awk '{ s += $1 } END { print s + 0 }'
}

bytes=4194304 reply=12 # tcpsink's "got 4194304\n"
transfer "$NS_V4" "$bytes"
start_tool tcptop -C -S -j 1
wait_for "$T/tcptop.err" '^Tracing\.\.\. Output every 1 secs\. Hit Ctrl-C to end$'
poke
wait "$PROG_PID" || fail "tcpxfer failed: $(cat "$T/prog.out")"
client="\"pid\": $PROG_PID, \"comm\": \"tcpxfer\", \"laddr\": \"$HOST_V4\", \"lport\": $lport, \"raddr\": \"$NS_V4\", \"rport\": $port,"
server="\"pid\": $SINK, \"comm\": \"tcpsink\", \"laddr\": \"$NS_V4\", \"lport\": $port, \"raddr\": \"$HOST_V4\", \"rport\": $lport,"
deadline=$(( $(date +%s) + 20 ))
until [ "$(sum tx_bytes "$client")" -eq "$bytes" ] && [ "$(sum rx_bytes "$server")" -eq "$bytes" ] &&
	[ "$(sum rx_bytes "$client")" -eq "$reply" ] && [ "$(sum tx_bytes "$server")" -eq "$reply" ]; do
	[ "$(date +%s)" -lt "$deadline" ] ||
		fail "client sent $(sum tx_bytes "$client") received $(sum rx_bytes "$client"), server received $(sum rx_bytes "$server") sent $(sum tx_bytes "$server"): $bytes and $reply expected"
	sleep 0.1
done
stop_tool
echo "ok: v4: $bytes bytes each way counted for the client ($PROG_PID) and the server ($SINK), $reply back"

# Text, v6, one interval long enough for the whole transfer: the rows as
# BCC prints them.
bytes=1048576
transfer "$NS_V6" "$bytes"
start_tool tcptop -C -6 30 1
wait_for "$T/tcptop.out" '^Tracing\.\.\. Output every 30 secs\. Hit Ctrl-C to end$'
poke
wait "$PROG_PID" || fail "tcpxfer failed"
# The server has answered once tcpxfer is done: both are counted.
kill -INT "$TOOL_PID"
wait "$TOOL_PID" || fail "tcptop exited with $?"
expect_grep "^[0-9:]{8} loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+\$" "$T/tcptop.out"
expect_grep "^$(printf '%-6s %-12s %-32s %-32s %6s %6s' PID COMM LADDR6 RADDR6 RX_KB TX_KB)\$" "$T/tcptop.out"
exp=$(printf '%-6s %-12s %-32s %-32s %6s %6s' "$PROG_PID" tcpxfer "$HOST_V6:$lport" "$NS_V6:$port" 0 1024)
grep -Fxq -- "$exp" "$T/tcptop.out" || fail "expected the row '$exp'"
exp=$(printf '%-6s %-12s %-32s %-32s %6s %6s' "$SINK" tcpsink "$NS_V6:$port" "$HOST_V6:$lport" 1024 0)
grep -Fxq -- "$exp" "$T/tcptop.out" || fail "expected the row '$exp'"
expect_no_grep "^PID +COMM +LADDR +RADDR" "$T/tcptop.out"
echo "ok: -6 text rows"

expect_bad_input "-4 with -6" "$BPFKIT" tcptop -4 -6
expect_bad_input "interval not a number" "$BPFKIT" tcptop x
echo PASS
