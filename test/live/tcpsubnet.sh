# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcpsubnet.sh runs the fentry and kprobe paths there)
# tcpsubnet: BYTES sent from the host into a namespace of the test's own,
# summed under its /32 exactly, in bytes and with -f; JSON; the default
# subnets; IPv6 left out as BCC does (the server's reply too: its socket is
# IPv6, the client's address v4-mapped); bad input.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
port=$((40000 + $$ % 1000))
BYTES=100000

# measure ADDR ARGS...: tcpsubnet ARGS, one summary (a long interval, then
# Ctrl-C), over a transfer of BYTES to ADDR.
measure() {
	_addr=$1
	shift
	# A sink of its own each time: one lingers up to 10 s after its client.
	port=$((port + 1))
	: >"$T/sink.out"
	ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >>"$T/sink.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	TOOL_PID=$!
	wait_for "$T/sink.out" '^listening$'
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$_addr" "$port" "$BYTES"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	start_tool tcpsubnet -i 100 "$@"
	wait_for "$T/tcpsubnet.${HDR:-out}" '^Tracing\.\.\. Output every 100 secs\. Hit Ctrl-C to end$'
	poke
	wait "$PROG_PID" || fail "tcpxfer failed: $(cat "$T/prog.out")"
	expect_grep "^sent $BYTES reply got $BYTES\$" "$T/prog.out"
	stop_tool
}
# line SUBNET VALUE: the summary's row of SUBNET is VALUE, as BCC prints it.
line() {
	grep -Fxq "$(printf '%-21s %6d' "$1" "$2")" "$T/tcpsubnet.out" || fail "expected '$1' with $2: $(cat "$T/tcpsubnet.out")"
}

list="$NS_V4/32,$HOST_V4/32"
measure "$NS_V4" "$list"
expect_grep '^\[[0-9/]+ [0-9:]+\]$' "$T/tcpsubnet.out"
line "$NS_V4/32" "$BYTES"
expect_no_grep "^$HOST_V4/32 " "$T/tcpsubnet.out"
[ "$(sed -n 3p "$T/tcpsubnet.out")" = "$(printf '%-21s %6d' "$NS_V4/32" "$BYTES")" ] || fail "the biggest is not first"
echo "ok: $BYTES bytes to $NS_V4/32, the reply on an IPv6 socket not counted"

measure "$NS_V4" -f k "$list"
line "$NS_V4/32" $((BYTES * 8 / 1024))
measure "$NS_V4" -f K "$list"
line "$NS_V4/32" $((BYTES / 1024))
measure "$NS_V4" -f m "$list"
line "$NS_V4/32" 0
echo "ok: -f k, -f K, -f m"

HDR=err measure "$NS_V4" -J "$list"
expect_grep "^\{\"date\": \"[0-9/]+\", \"time\": \"[0-9:]+\", \"entries\": \{\"$NS_V4/32\": $BYTES\}\}\$" "$T/tcpsubnet.out"
echo "ok: -J"

# The default list: 10.0.0.0/8 holds the namespace's addresses.
measure "$NS_V4"
n=$(sed -n 's|^10\.0\.0\.0/8 *\([0-9]*\)$|\1|p' "$T/tcpsubnet.out")
[ -n "$n" ] && [ "$n" -ge "$BYTES" ] || fail "default subnets: 10.0.0.0/8 had '$n'"
echo "ok: default subnets, 10.0.0.0/8 with $n"

measure "$NS_V6" "0.0.0.0/0"
[ "$(grep -c '^0\.0\.0\.0/0 ' "$T/tcpsubnet.out")" -le 1 ] || fail "more than one row"
if grep -q '^0\.0\.0\.0/0 ' "$T/tcpsubnet.out"; then
	n=$(sed -n 's|^0\.0\.0\.0/0 *\([0-9]*\)$|\1|p' "$T/tcpsubnet.out")
	# Other IPv4 traffic of the host may be there, not the transfer's.
	[ "$n" -ne "$BYTES" ] || fail "IPv6 bytes counted"
fi
echo "ok: IPv6 not counted"

expect_bad_input "a subnet without a mask" "$BPFKIT" tcpsubnet 10.0.0.0
expect_bad_input "an address that is not one" "$BPFKIT" tcpsubnet 10.0.0.300/8
expect_bad_input "a mask above 32" "$BPFKIT" tcpsubnet 10.0.0.0/33
expect_bad_input "a format that is not one" "$BPFKIT" tcpsubnet -f x
expect_bad_input "an interval that is not a number" "$BPFKIT" tcpsubnet -i x
