# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptracer.sh runs the kretprobe, fentry and kprobe paths there)
# tcptracer: a tcpclient's N connections to a tcpserver over 127.0.0.1 and
# ::1, and into a namespace of the test's own: each one's connect (C) by
# the client, accept (A) by the server, and both closes (X), with PIDs,
# addresses and ports; -p, -N, -v, -t, -4/-6, -j and bad input.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

N=2
# run ADDR ARGS...: tcptracer ARGS (CLIENT: the client's PID) while a
# tcpclient makes N connections to ADDR, the server's accepts let go once
# tracing (a return probe misses an accept() it did not see start); the
# client's ports in $SPORTS.
run() {
	_addr=$1
	shift
	gated_server "$_addr" 8 "$N" 1
	gated_start "$TESTBIN/tcpclient" "$_addr" "$PORT" "$N" 1 1
	# shellcheck disable=SC2046
	start_tool tcptracer $(echo "$*" | sed "s/CLIENT/$PROG_PID/")
	wait_for "$T/tcptracer.${HDR:-out}" 'DPORT'
	release_both
	SPORTS=$(sed -n 's/^sport //p' "$T/prog.out")
}
# expect COUNT ROW...: the tool's rows that name the server's port are,
# in order, one ROW after another for each connection, its client port
# in place of PPPPP (ephemeral ports have 5 digits), and there are ROWS.
expect() {
	_rows=$1
	shift
	wait_for_lines "$T/tcptracer.out" " $PORT " "$_rows"
	stop_tool
	: >"$T/want"
	for _s in $SPORTS; do
		for _f in "$@"; do
			echo "$_f" | sed "s/PPPPP/$_s/" >>"$T/want"
		done
	done
	grep " $PORT " "$T/tcptracer.out" | sed -E 's/^[0-9.]+ *//' >"$T/rows"
	diff "$T/want" "$T/rows" >"$T/diff" || fail "rows differ: $(cat "$T/diff")"
}
# BCC's rows, TYPE PID COMM IP SADDR DADDR SPORT DPORT [NETNS]; the client
# port as PPPPP.
brief() { printf '%-2s %-6d %-16s %-2s %-16s %-16s %-6s %-6s' "$@"; }
wordy() { printf '%-12s %-6d %-16s %-2s %-16s %-16s %-6s %-6s %-8d' "$@"; }
# The four rows of a connection from CLIENT-ADDR to SERVER-ADDR (IP).
four() {
	brief C "$PROG_PID" tcpclient "$1" "$2" "$3" PPPPP "$PORT"
	echo
	brief A "$SERVER_PID" tcpserver "$1" "$3" "$2" "$PORT" PPPPP
	echo
	brief X "$SERVER_PID" tcpserver "$1" "$3" "$2" "$PORT" PPPPP
	echo
	brief X "$PROG_PID" tcpclient "$1" "$2" "$3" PPPPP "$PORT"
}

run 127.0.0.1
expect $((4 * N)) "$(four 4 127.0.0.1 127.0.0.1)"
sed -n 2p "$T/tcptracer.out" | grep -Fxq "$(printf '%-2s %-6s %-16s %-2s %-16s %-16s %-6s %-6s' T PID COMM IP SADDR DADDR SPORT DPORT)" ||
	fail "header: $(sed -n 2p "$T/tcptracer.out")"
echo "ok: v4: $N connects, accepts, and closes on both ends"

run ::1 -6 -t
expect $((4 * N)) "$(four 6 '[::1]' '[::1]')"
expect_grep '^0\.000    [CAX]  ' "$T/tcptracer.out"
[ "$(grep -Ec "^[0-9]+\.[0-9]{3} +[CAX] .* $PORT " "$T/tcptracer.out")" -eq $((4 * N)) ] || fail "-t: expected TIME(s) on each row"
echo "ok: v6 with -6 and -t"

# -p: the client's connects and closes only; -4 leaves out ::1.
run 127.0.0.1 -p CLIENT
expect $((2 * N)) "$(brief C "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 PPPPP "$PORT")" \
	"$(brief X "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 PPPPP "$PORT")"
run ::1 -4
stop_tool
expect_no_grep " $PORT " "$T/tcptracer.out"
echo "ok: -p, -4"

# Into a namespace: -v names the types and adds each side's namespace;
# -N of the namespace keeps the server's side only.
netns_pair
here=$(stat -L -c %i /proc/self/ns/net)
there=$(stat -L -c %i "/run/netns/$NETNS")
SERVER_NETNS=$NETNS
run "$NS_V4" -v
sed -n 2p "$T/tcptracer.out" | grep -Fxq "$(printf '%-12s %-6s %-16s %-2s %-16s %-16s %-6s %-7s%-8s' TYPE PID COMM IP SADDR DADDR SPORT DPORT NETNS)" ||
	fail "-v header: $(sed -n 2p "$T/tcptracer.out")"
expect $((4 * N)) "$(wordy connect "$PROG_PID" tcpclient 4 "$HOST_V4" "$NS_V4" PPPPP "$PORT" "$here")" \
	"$(wordy accept "$SERVER_PID" tcpserver 4 "$NS_V4" "$HOST_V4" "$PORT" PPPPP "$there")" \
	"$(wordy close "$SERVER_PID" tcpserver 4 "$NS_V4" "$HOST_V4" "$PORT" PPPPP "$there")" \
	"$(wordy close "$PROG_PID" tcpclient 4 "$HOST_V4" "$NS_V4" PPPPP "$PORT" "$here")"
run "$NS_V4" -N "$there"
expect $((2 * N)) "$(brief A "$SERVER_PID" tcpserver 4 "$NS_V4" "$HOST_V4" "$PORT" PPPPP)" \
	"$(brief X "$SERVER_PID" tcpserver 4 "$NS_V4" "$HOST_V4" "$PORT" PPPPP)"
echo "ok: -v with both namespaces ($here, $there), -N $there"
SERVER_NETNS=""

HDR=err run 127.0.0.1 -j -p CLIENT
wait_for_lines "$T/tcptracer.out" "\"dport\": $PORT" $((2 * N))
stop_tool
set -- $SPORTS
expect_grep "^\{\"t\": \"C\", \"pid\": $PROG_PID, \"comm\": \"tcpclient\", \"ip\": \"4\", \"saddr\": \"127\.0\.0\.1\", \"daddr\": \"127\.0\.0\.1\", \"sport\": $1, \"dport\": $PORT\}\$" "$T/tcptracer.out"
echo "ok: -j"

expect_bad_input "a namespace that is not a number" "$BPFKIT" tcptracer -N net
expect_bad_input "-4 and -6" "$BPFKIT" tcptracer -4 -6
expect_bad_input "a PID that does not exist" "$BPFKIT" tcptracer -p 999999999
