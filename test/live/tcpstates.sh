# tcpstates: every state change of the test's own connections, over
# 127.0.0.1 and ::1, each socket's changes in order, and the filters.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

# run ADDR N ARGS...: tcpstates ARGS (PORT: the server's port) while a
# tcpclient makes N connections (netns.sh's tcp_serve and tcp_traced).
run() {
	_addr=$1 _n=$2
	shift 2
	tcp_serve "$_addr" "$_n" 4
	# The header: on stderr with -j, comma-separated with -s.
	tcp_traced tcpstates '(OLDSTATE +-> NEWSTATE +|,)MS$' "$_addr" "$_n" 1 1 "$@"
}
# rows COL-OF-LADDR: the rows, their fields counted from LADDR.
rows() {
	awk -v l="$1" 'NR > 1 { print $1, $2, $(l+1), $(l+4) "->" $(l+6), $(l+3) }' "$T/tcpstates.out" >"$T/rows"
}
# expect_rows LINES...: $T/rows is exactly these lines.
expect_rows() {
	printf '%s\n' "$@" >"$T/want"
	diff "$T/want" "$T/rows" >"$T/diff" || fail "tcpstates rows differ: $(cat "$T/diff")"
}
sk() { sed -n "$1p" "$T/rows" | cut -d' ' -f1; }

# The client side of two v4 connections (-D: the server's port is their
# remote port): each socket's five changes, in order, the first two made
# by the client's connect() and shutdown().
run 127.0.0.1 2 -D PORT
wait_for_lines "$T/tcpstates.out" "FIN_WAIT2 +-> CLOSE " 2
stop_tool
set -- $(sed -n 's/^sport //p' "$T/prog.out")
rows 4
c=$PROG_PID s1=$(sk 1) s2=$(sk 6)
expect_rows "$s1 $c 0 CLOSE->SYN_SENT $PORT" "$s1 $(sed -n 2p "$T/rows" | cut -d' ' -f2) $1 SYN_SENT->ESTABLISHED $PORT" \
	"$s1 $c $1 ESTABLISHED->FIN_WAIT1 $PORT" "$(sed -n 4p "$T/rows" | cut -d' ' -f1,2) $1 FIN_WAIT1->FIN_WAIT2 $PORT" \
	"$(sed -n 5p "$T/rows" | cut -d' ' -f1,2) $1 FIN_WAIT2->CLOSE $PORT" \
	"$s2 $c 0 CLOSE->SYN_SENT $PORT" "$s2 $(sed -n 7p "$T/rows" | cut -d' ' -f2) $2 SYN_SENT->ESTABLISHED $PORT" \
	"$s2 $c $2 ESTABLISHED->FIN_WAIT1 $PORT" "$(sed -n 9p "$T/rows" | cut -d' ' -f1,2) $2 FIN_WAIT1->FIN_WAIT2 $PORT" \
	"$(sed -n 10p "$T/rows" | cut -d' ' -f1,2) $2 FIN_WAIT2->CLOSE $PORT"
[ "$(sk 4)" = "$s1" ] && [ "$(sk 5)" = "$s1" ] && [ "$(sk 9)" = "$s2" ] && [ "$(sk 10)" = "$s2" ] ||
	fail "a socket's changes are not all under its SKADDR: $(cat "$T/rows")"
expect_grep "^$s1 +$c +tcpclient +127\.0\.0\.1 +0 +127\.0\.0\.1 +$PORT +CLOSE +-> SYN_SENT +0\.000\$" "$T/tcpstates.out"
echo "ok: v4 client: 2 connections, 5 changes each"

# The server side over ::1, wide (-L: its port is their local port): each
# accepted socket's five changes, the fourth the server's close(), then the
# listener's close (it listened before tracing began: no time in LISTEN).
run ::1 2 -w -6 -L PORT
wait_for_lines "$T/tcpstates.out" "LISTEN +-> CLOSE " 1
stop_tool
set -- $(sed -n 's/^sport //p' "$T/prog.out")
rows 5
# Each socket's changes in order, the sockets in the order they appeared:
# the last ACK may be processed after the listener's close (a slow guest's
# ksoftirqd), which is not an order between the changes of one socket.
awk '!($1 in first) { first[$1] = NR } { print first[$1], NR, $0 }' "$T/rows" | sort -n -k1,1 -k2,2 |
	cut -d' ' -f3- >"$T/rows.grouped" && mv "$T/rows.grouped" "$T/rows"
srv=$SERVER_PID a1=$(sk 1) a2=$(sk 6) l=$(sk 11)
f() { sed -n "$1p" "$T/rows" | cut -d' ' -f2; }
# The new socket's remote port at LISTEN -> SYN_RECV: the client's, or 0
# on kernels that set the state before its addresses (6.12's IPv6).
r() {
	_r=$(sed -n "$1p" "$T/rows" | cut -d' ' -f5)
	[ "$_r" = "$2" ] || [ "$_r" = 0 ] || fail "row $1: remote port $_r"
	echo "$_r"
}
expect_rows "$a1 $(f 1) $PORT LISTEN->SYN_RECV $(r 1 "$1")" "$a1 $(f 2) $PORT SYN_RECV->ESTABLISHED $1" \
	"$a1 $(f 3) $PORT ESTABLISHED->CLOSE_WAIT $1" "$a1 $srv $PORT CLOSE_WAIT->LAST_ACK $1" \
	"$a1 $(f 5) $PORT LAST_ACK->CLOSE $1" \
	"$a2 $(f 6) $PORT LISTEN->SYN_RECV $(r 6 "$2")" "$a2 $(f 7) $PORT SYN_RECV->ESTABLISHED $2" \
	"$a2 $(f 8) $PORT ESTABLISHED->CLOSE_WAIT $2" "$a2 $srv $PORT CLOSE_WAIT->LAST_ACK $2" \
	"$a2 $(f 10) $PORT LAST_ACK->CLOSE $2" "$l $srv $PORT LISTEN->CLOSE 0"
expect_grep "^$l +$srv +tcpserver +6 +::1 +$PORT +:: +0 +LISTEN +-> CLOSE +0\.000\$" "$T/tcpstates.out"
echo "ok: v6 server, wide: 2 accepted sockets and the listener"

# -4 leaves out the v6 connection, -6 the v4 one: nothing of PORT shown.
run ::1 1 -4 -L PORT
stop_tool
expect_no_grep " $PORT " "$T/tcpstates.out"
run 127.0.0.1 1 -6 -D PORT
stop_tool
expect_no_grep " $PORT " "$T/tcpstates.out"
echo "ok: -4 and -6"

# CSV with both times: the header, the first row (TIME(s) 0) and the
# listener's close.
run 127.0.0.1 1 -s -T -t -L PORT
wait_for_lines "$T/tcpstates.out" "LISTEN,CLOSE," 1
stop_tool
sport=$(sed -n 's/^sport //p' "$T/prog.out")
expect_grep '^TIME,TIME\(s\),SKADDR,C-PID,C-COMM,IP,LADDR,LPORT,RADDR,RPORT,OLDSTATE,NEWSTATE,MS$' "$T/tcpstates.out"
expect_grep "^[0-9:]{8},0\.000000,[0-9a-f]+,[0-9]+,[^,]+,4,127\.0\.0\.1,$PORT,(127\.0\.0\.1,$sport|0\.0\.0\.0,0),LISTEN,SYN_RECV,0\.000\$" "$T/tcpstates.out"
expect_grep "^[0-9:]{8},0\.[0-9]{6},[0-9a-f]+,$SERVER_PID,tcpserver,4,127\.0\.0\.1,$PORT,0\.0\.0\.0,0,LISTEN,CLOSE,0\.000\$" "$T/tcpstates.out"
echo "ok: -s -T -t"

# -j: one object per change.
HDR=err run 127.0.0.1 1 -j -L PORT
wait_for_lines "$T/tcpstates.out" '"newstate": "CLOSE"' 2
stop_tool
expect_grep "^\{\"skaddr\": [0-9]+, \"c_pid\": $SERVER_PID, \"c_comm\": \"tcpserver\", \"laddr\": \"127\.0\.0\.1\", \"lport\": $PORT, \"raddr\": \"0\.0\.0\.0\", \"rport\": 0, \"oldstate\": \"LISTEN\", \"newstate\": \"CLOSE\", \"ms\": 0\.0+\}\$" "$T/tcpstates.out"
echo "ok: -j"

# -Y: each change the rows show, in BCC's journal words, through
# syslog(3): the tool runs in a mount namespace of its own whose /dev/log
# is the test's listener.
mkdir "$T/dev"
"$TESTBIN/logsink" "$T/dev/log" >"$T/log.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
TOOL_PID=$!
wait_for "$T/log.out" '^ready$'
cat >"$T/inns" <<EOS
#!/bin/sh
[ -n "\$INNS" ] || INNS=1 exec unshare -m "\$0" "\$@"
touch "$T/dev/null" && mount --bind /dev/null "$T/dev/null" && mount --bind "$T/dev" /dev || exit 1
exec "$BPFKIT" "\$@"
EOS
chmod +x "$T/inns"
real=$BPFKIT BPFKIT="$T/inns"
run 127.0.0.1 1 -Y -w -L PORT
BPFKIT=$real
wait_for_lines "$T/tcpstates.out" "LISTEN +-> CLOSE " 1
stop_tool
# SKADDR C-PID C-COMM IP LADDR LPORT RADDR RPORT OLD -> NEW MS
awk 'NR > 1 { printf "<13>tcpstates: %s %s %s \342\206\222 %s %s %s \342\206\222 %s\n", $3, $5, $6, $7, $8, $9, $11 }' \
	"$T/tcpstates.out" >"$T/want"
rows=$(wc -l <"$T/want")
[ "$rows" -ge 6 ] || fail "-Y: $rows rows, expected the listener's and a session's changes"
wait_for_lines "$T/log.out" '^<13>' "$rows"
sed -E 's/^(<13>)[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} /\1/' "$T/log.out" | grep '^<13>' >"$T/got"
diff "$T/want" "$T/got" >"$T/diff" || fail "-Y messages differ: $(cat "$T/diff")"
echo "ok: -Y: $rows changes logged"

expect_bad_input "a port that is not a number" "$BPFKIT" tcpstates -L http
expect_bad_input "-4 and -6" "$BPFKIT" tcpstates -4 -6
expect_bad_input "a port out of range" "$BPFKIT" tcpstates -D 70000
