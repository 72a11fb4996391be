# tcpcong: a transfer into a namespace whose end of the veth pair goes
# down until the kernel has retransmitted (the flow enters the loss
# state), then up (it recovers, back to open): the flow's row shows the
# changes and the time spent in loss; -d shows them as histograms by
# state; bad input is refused.
# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptop.sh runs
# the fentry and kprobe paths there)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
port=$((40000 + $$ % 1000))
ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
wait_for "$T/sink.out" '^listening$'
bytes=4194304
retrans_segs() {
	awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp
}
# stall ARGS...: tcpcong ARGS over a transfer cut off until a retransmit.
stall() {
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$NS_V4" "$port" "$bytes"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	lport=$(sed -n 's/^connected //p' "$T/prog.out")
	start_tool tcpcong "$@"
	wait_for "$T/tcpcong.out" '^Tracing tcp congestion control status duration\.\.\. Hit Ctrl-C to end\.$'
	before=$(retrans_segs)
	ip netns exec "$NETNS" ip link set "$VETH_NS" down
	poke
	deadline=$(( $(date +%s) + 30 ))
	while [ "$(retrans_segs)" -le "$before" ]; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "no retransmit in 30 s"
		sleep 0.1
	done
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	wait_for "$T/prog.out" "^sent $bytes reply got $bytes\$" 60
	stop_tool
}

stall -R "$port"
expect_grep "^$(printf '%-21s%-21s %-7s %-6s %-7s %-7s %-6s %-5s' LAddrPort RAddrPort Open_ms Dod_ms Rcov_ms Cwr_ms Los_ms Chgs)\$" "$T/tcpcong.out"
row=$(grep -E "^$HOST_V4/$lport " "$T/tcpcong.out")
set -- $row
exp=$(printf '%-21s %-21s %-7s %-6s %-7s %-7s %-6s %-5s' "$HOST_V4/$lport" "$NS_V4/$port" "$3" "$4" "$5" "$6" "$7" "$8")
[ -n "$row" ] && [ "$row" = "$exp" ] || fail "row '$row', expected '$exp'"
# The flow is first seen entering loss (the tracepoint fires on changes
# only): its change back to open is counted, with the time it took.
[ "$8" -ge 1 ] && [ "$7" -ge 1 ] || fail "expected a change and time in loss: $row"
[ "$(grep -c "/$port " "$T/tcpcong.out")" -eq 1 ] || fail "-R $port: other flows shown: $(cat "$T/tcpcong.out")"
echo "ok: $HOST_V4/$lport: $8 changes, $7 ms in loss"

stall -d -u -R "$((port - 1))-$port"
expect_grep '^tcp_congest_state = loss$' "$T/tcpcong.out"
expect_grep '^     usecs               : count     distribution$' "$T/tcpcong.out"
echo "ok: -d -u: histograms by state"

expect_bad_input "bad port range" "$BPFKIT" tcpcong -L 3000-x
expect_bad_input "interval not a number" "$BPFKIT" tcpcong x
echo PASS
