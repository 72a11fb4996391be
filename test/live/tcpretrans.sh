# tcpretrans: a transfer into a namespace whose end of the veth pair goes
# down for a moment is retransmitted; tcpretrans shows those retransmits
# to the server's address and port (v4 rows, v6 counted with -c -6, -s
# with sequence numbers), and refuses bad input.
# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptop.sh runs
# the fentry and kprobe paths there)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
# Cutting the link must not cost the namespace its v6 address.
ip netns exec "$NETNS" sysctl -qw "net.ipv6.conf.$VETH_NS.keep_addr_on_down=1"
port=$((40000 + $$ % 1000))
ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
wait_for "$T/sink.out" '^listening$'
bytes=4194304

# cut_transfer ADDR: a transfer to ADDR whose peer is cut off until the
# tool shows the retransmit /$2/ in its output, then back.
cut_transfer() {
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$1" "$port" "$bytes"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	lport=$(sed -n 's/^connected //p' "$T/prog.out")
}
# The kernel's RetransSegs (this namespace's TCP MIB).
retrans_segs() {
	awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp
}
restore() {
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	wait_for "$T/prog.out" "^sent $bytes reply got $bytes\$" 60
}

cut_transfer "$NS_V4"
start_tool tcpretrans
wait_for "$T/tcpretrans.out" '^TIME +PID +IP +LADDR:LPORT +T> +RADDR:RPORT +STATE$'
ip netns exec "$NETNS" ip link set "$VETH_NS" down
poke
wait_for "$T/tcpretrans.out" " R> $NS_V4:$port +ESTABLISHED\$" 30
restore
stop_tool
row=$(grep -E " R> $NS_V4:$port " "$T/tcpretrans.out" | head -n 1)
pid=$(echo "$row" | awk '{ print $2 }')
exp=$(printf '%-8s %-7s %-2s %-20s %1s> %-20s %s' "${row%% *}" "$pid" 4 "$HOST_V4:$lport" R "$NS_V4:$port" ESTABLISHED)
[ "$row" = "$exp" ] || fail "row '$row', expected '$exp'"
echo "ok: retransmits to $NS_V4:$port from port $lport: $(grep -c " R> $NS_V4:$port " "$T/tcpretrans.out")"

# -s: the state and the segment's sequence number.
cut_transfer "$NS_V4"
start_tool tcpretrans -s -4
wait_for "$T/tcpretrans.out" '^TIME +PID +IP +LADDR:LPORT +T> +RADDR:RPORT +STATE +SEQ +$'
ip netns exec "$NETNS" ip link set "$VETH_NS" down
poke
wait_for "$T/tcpretrans.out" " R> $NS_V4:$port +ESTABLISHED +[0-9]+\$" 30
restore
stop_tool
expect_grep "^[0-9:]{8} [0-9 ]{7} 4  $HOST_V4:$lport +R> $NS_V4:$port +ESTABLISHED  [0-9]+\$" "$T/tcpretrans.out"
echo "ok: -s"

# -c -6: counted per flow, the table at Ctrl-C.
cut_transfer "$NS_V6"
start_tool tcpretrans -c -6
wait_for "$T/tcpretrans.out" '^Tracing retransmits \.\.\. Hit Ctrl-C to end$'
before=$(retrans_segs)
ip netns exec "$NETNS" ip link set "$VETH_NS" down
poke
# The count stays in the kernel until Ctrl-C: the host's own count of
# retransmitted segments says when there is one to see.
deadline=$(( $(date +%s) + 30 ))
while [ "$(retrans_segs)" -le "$before" ]; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "no retransmit in 30 s"
	sleep 0.1
done
restore
stop_tool
row=$(grep -E "^$NS_V6:$port " "$T/tcpretrans.out" | head -n 1)
[ -z "$row" ] || fail "-c: $NS_V6 as local address: $(cat "$T/tcpretrans.out")"
row=$(grep -E "^$HOST_V6:$lport " "$T/tcpretrans.out")
n=$(echo "$row" | awk '{ print $3 }')
exp=$(printf '%-25s %-25s %-10s' "$HOST_V6:$lport" "$NS_V6:$port" "$n")
[ "$row" = "$exp" ] && [ "$n" -ge 1 ] || fail "-c row '$row', expected '$exp' with a count >= 1"
expect_grep "^$(printf '%-25s %-25s %-10s' LADDR:LPORT RADDR:RPORT RETRANSMITS)\$" "$T/tcpretrans.out"
# Nothing but the status line, BCC's blank line, the table's header and
# its one flow: no row header of its own.
[ "$(wc -l <"$T/tcpretrans.out")" -eq 4 ] && [ -z "$(sed -n 2p "$T/tcpretrans.out")" ] ||
	fail "-c output is not status, blank, header, row: $(cat "$T/tcpretrans.out")"
echo "ok: -c -6: $n retransmits"

expect_bad_input "-4 with -6" "$BPFKIT" tcpretrans -4 -6
if ! "$BPFKIT" tcpretrans -l -d 1 >"$T/l.out" 2>"$T/l.err"; then
	[ "$(wc -l <"$T/l.err")" -eq 1 ] && grep -q tcp_send_loss_probe "$T/l.err" ||
		fail "-l without its probe: $(cat "$T/l.err")"
	echo "ok: -l here: $(cat "$T/l.err")"
fi
echo PASS
