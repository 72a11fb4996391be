# tcplife: the test's own sessions over 127.0.0.1 and ::1, each with the
# bytes it sent and received and a length in the order they were made.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

# Sessions held 60 ms apart: more than a loaded host's jitter; under the
# VM tier's emulation (KERNEL_ID set) a session's own overhead varies by
# hundreds of ms, so 500.
N=3 SEND_KB=16 REPLY_KB=8 HOLD_MS=${KERNEL_ID:+500}
HOLD_MS=${HOLD_MS:-60}
# run ADDR ARGS...: tcplife ARGS (PORT: the server's port) while a tcpclient
# makes N connections to a tcpserver, connection i sending i * SEND_KB KiB
# and held open i * HOLD_MS ms, each answered with REPLY_KB KiB.
run() {
	_addr=$1
	shift
	tcp_serve "$_addr" "$N" "$REPLY_KB"
	tcp_traced tcplife '(RX_KB +|,)MS$' "$_addr" "$N" "$SEND_KB" "$HOLD_MS" "$@"
}
# check PID COMM LADDR LPORT|- RADDR RPORT|- TX RX: the N rows (after the
# header), connection i's ports (- : its client port), TX and RX KiB (an
# "i" in them: times i), and lengths of at least i * HOLD_MS, increasing.
check() {
	wait_for_lines "$T/tcplife.out" "^$1 +$2 " "$N"
	stop_tool
	[ "$(grep -c . "$T/tcplife.out")" -eq $((N + 1)) ] || fail "expected $N sessions"
	_i=0 _prev=0
	for _s in $SPORTS; do
		_i=$((_i + 1))
		_l=$4 _r=$6
		[ "$_l" = - ] && _l=$_s
		[ "$_r" = - ] && _r=$_s
		_tx=$(echo "$7" | sed "s/i/$_i/") _rx=$(echo "$8" | sed "s/i/$_i/")
		_row=$(sed -n "$((_i + 1))p" "$T/tcplife.out")
		echo "$_row" | grep -Eq "^$1 +$2 +$3 +$_l +$5 +$_r +$(($_tx)) +$(($_rx)) +[0-9]+\.[0-9]{2}\$" ||
			fail "session $_i: expected PID $1, ports $_l $_r, $(($_tx)) KB out, $(($_rx)) KB in; got '$_row'"
		_ms=$(echo "$_row" | awk '{ print int($NF) }')
		[ "$_ms" -ge $((_i * HOLD_MS)) ] && [ "$_ms" -gt "$_prev" ] ||
			fail "session $_i lasted $_ms ms: expected more than $_prev and at least $((_i * HOLD_MS))"
		_prev=$_ms
	done
}

# The client's sessions (-D: the server's port is remote), then the server's
# (-L): the server's are its own by its close() after the client's end.
run 127.0.0.1 -D PORT
check "$PROG_PID" tcpclient 127.0.0.1 - 127.0.0.1 "$PORT" "$SEND_KB*i" "$REPLY_KB"
echo "ok: v4 client: $N sessions, TX_KB $SEND_KB*i, RX_KB $REPLY_KB, lengths in order"
run 127.0.0.1 -L PORT
check "$SERVER_PID" tcpserver 127.0.0.1 "$PORT" 127.0.0.1 - "$REPLY_KB" "$SEND_KB*i"
echo "ok: v4 server: $N sessions"

# ::1, wide: the IP column and the addresses in 39 characters.
run ::1 -w -6 -D PORT
wait_for_lines "$T/tcplife.out" " $PORT +[0-9]+ +[0-9]+ +[0-9.]+\$" "$N"
stop_tool
head -n 1 "$T/tcplife.out" | grep -Fxq "$(printf '%-5s %-16.16s %-2s %-39s %-5s %-39s %-5s %6s %6s %s' PID COMM IP LADDR LPORT RADDR RPORT TX_KB RX_KB MS)" ||
	fail "wide header: $(head -n 1 "$T/tcplife.out")"
set -- $SPORTS
row=$(sed -n 2p "$T/tcplife.out")
ms=$(echo "$row" | awk '{ print $NF }')
[ "$row" = "$(printf '%-5d %-16.16s %-2s %-39s %-5s %-39s %-5d %6d %6d %s' "$PROG_PID" tcpclient 6 ::1 "$1" ::1 "$PORT" "$SEND_KB" "$REPLY_KB" "$ms")" ] ||
	fail "wide row: '$row'"
echo "ok: v6 client, wide"

# -p: the client's PID, no port filter (other traffic on the host is not
# the client's); -4 leaves out the v6 sessions.
run 127.0.0.1 -p CLIENT
check "$PROG_PID" tcpclient 127.0.0.1 - 127.0.0.1 "$PORT" "$SEND_KB*i" "$REPLY_KB"
echo "ok: -p"
run ::1 -4 -D PORT
stop_tool
expect_no_grep " $PORT " "$T/tcplife.out"
echo "ok: -4"

# CSV with both times, and JSON.
run 127.0.0.1 -s -T -t -D PORT
wait_for_lines "$T/tcplife.out" ",$PORT,[0-9]+,[0-9]+,[0-9.]+\$" "$N"
stop_tool
set -- $SPORTS
expect_grep '^TIME,TIME\(s\),PID,COMM,IP,LADDR,LPORT,RADDR,RPORT,TX_KB,RX_KB,MS$' "$T/tcplife.out"
expect_grep "^[0-9:]{8},0\.000000,$PROG_PID,tcpclient,4,127\.0\.0\.1,$1,127\.0\.0\.1,$PORT,$SEND_KB,$REPLY_KB,[0-9]+\.[0-9]{2}\$" "$T/tcplife.out"
HDR=err run 127.0.0.1 -j -D PORT
wait_for_lines "$T/tcplife.out" "\"rport\": $PORT" "$N"
stop_tool
set -- $SPORTS
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"tcpclient\", \"laddr\": \"127\.0\.0\.1\", \"lport\": $3, \"raddr\": \"127\.0\.0\.1\", \"rport\": $PORT, \"tx_kb\": $((3 * SEND_KB)), \"rx_kb\": $REPLY_KB, \"ms\": [0-9]+\.[0-9]+\}\$" "$T/tcplife.out"
echo "ok: -s -T -t, -j"

expect_bad_input "a port that is not a number" "$BPFKIT" tcplife -D x80
expect_bad_input "-4 and -6" "$BPFKIT" tcplife -4 -6
expect_bad_input "a PID that does not exist" "$BPFKIT" tcplife -p 999999999
