# tcpaccept: a tcpserver's N accepts of a tcpclient's connections over
# 127.0.0.1 and ::1: its PID and COMM, each client's address and port, its
# own address and port; and the filters.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

N=3
# run ADDR ARGS...: tcpaccept ARGS (SERVER: the server's PID) while a
# tcpclient makes N connections to a gated tcpserver (netns.sh's
# tcp_clients): it accepts once tracing began.
run() {
	SERVER_GATED=1 tcp_clients tcpaccept 'LPORT$' "$@"
}
# rows: the rows of PORT, "PID COMM IP RADDR RPORT LADDR LPORT" each.
rows() {
	grep -E " $PORT\$" "$T/tcpaccept.out" >"$T/rows"
}

run 127.0.0.1 -P PORT
wait_for_lines "$T/tcpaccept.out" " $PORT\$" "$N"
stop_tool
rows
expect_tcp_rows tcpaccept "$(printf '%-7d %-12.12s %-2s %-16s ' "$SERVER_PID" tcpserver 4 127.0.0.1)%-5s $(printf '%-16s %d' 127.0.0.1 "$PORT")"
head -n 1 "$T/tcpaccept.out" | grep -Fxq "$(printf '%-7s %-12s %-2s %-16s %-5s %-16s %-5s' PID COMM IP RADDR RPORT LADDR LPORT)" ||
	fail "header: $(head -n 1 "$T/tcpaccept.out")"
echo "ok: v4: $N accepts by PID $SERVER_PID from ports $(echo $SPORTS)"

run ::1 -6 -P PORT
wait_for_lines "$T/tcpaccept.out" " $PORT\$" "$N"
stop_tool
rows
expect_tcp_rows tcpaccept "$(printf '%-7d %-12.12s %-2s %-16s ' "$SERVER_PID" tcpserver 6 ::1)%-5s $(printf '%-16s %d' ::1 "$PORT")"
echo "ok: v6: $N accepts"

# -p: the server's, with both times; other processes' accepts left out.
run 127.0.0.1 -p SERVER -T -t
wait_for_lines "$T/tcpaccept.out" " $PORT\$" "$N"
stop_tool
[ "$(grep -Ec "^[0-9:]{8} [0-9]+\.[0-9]{3} +$SERVER_PID +tcpserver +4 +127\.0\.0\.1 +[0-9]+ +127\.0\.0\.1 +$PORT\$" "$T/tcpaccept.out")" -eq "$N" ] ||
	fail "-p -T -t: expected $N rows of the server"
[ "$(grep -c . "$T/tcpaccept.out")" -eq $((N + 1)) ] || fail "-p: rows of other processes"
echo "ok: -p -T -t"

# -4 for ::1, and a port that is not the server's: nothing.
run ::1 -4 -P PORT
stop_tool
expect_no_grep " $PORT\$" "$T/tcpaccept.out"
run 127.0.0.1 -p SERVER -P 9
stop_tool
expect_no_grep " $PORT\$" "$T/tcpaccept.out"
echo "ok: -4 and -P leave them out"

HDR=err run 127.0.0.1 -j -P PORT
wait_for_lines "$T/tcpaccept.out" "\"lport\": $PORT" "$N"
stop_tool
set -- $SPORTS
expect_grep "^\{\"pid\": $SERVER_PID, \"comm\": \"tcpserver\", \"ip\": \"4\", \"raddr\": \"127\.0\.0\.1\", \"rport\": $2, \"laddr\": \"127\.0\.0\.1\", \"lport\": $PORT\}\$" "$T/tcpaccept.out"
echo "ok: -j"

expect_bad_input "a port that is not a number" "$BPFKIT" tcpaccept -P 0x50
expect_bad_input "-4 and -6" "$BPFKIT" tcpaccept -6 -4
expect_bad_input "a PID that does not exist" "$BPFKIT" tcpaccept -p 999999999
