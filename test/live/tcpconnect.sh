# tcpconnect: a test program's N connections to a known port over 127.0.0.1
# and ::1: N rows with its PID, COMM, addresses and ports, and the filters.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

N=3
# run ADDR ARGS...: tcpconnect ARGS while a tcpclient makes N connections
# (netns.sh's tcp_clients), once its header (or the line READY) is out.
run() {
	tcp_clients tcpconnect "${READY:-DPORT *\$}" "$@"
}
# rows: the rows of PORT, "PID COMM IP SADDR [LPORT] DADDR DPORT" each.
rows() {
	grep -E " $PORT +\$" "$T/tcpconnect.out" | sed 's/ *$//' >"$T/rows"
}

run 127.0.0.1 -P PORT
wait_for_lines "$T/tcpconnect.out" " $PORT +\$" "$N"
stop_tool
rows
expect_tcp_rows tcpconnect "$(printf '%-7d %-12.12s %-2s %-16s %-16s %d' "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 "$PORT" | sed 's/%/%%/g')"
head -n 2 "$T/tcpconnect.out" | tail -n 1 | grep -Fxq "$(printf '%-7s %-12s %-2s %-16s %-16s %-6s' PID COMM IP SADDR DADDR DPORT)" ||
	fail "header: $(head -n 2 "$T/tcpconnect.out")"
echo "ok: v4: $N connections, PID $PROG_PID, port $PORT"

# ::1 with LPORT: the client's own port of each connection.
run ::1 -6 -L -P PORT
wait_for_lines "$T/tcpconnect.out" " $PORT +\$" "$N"
stop_tool
rows
expect_tcp_rows tcpconnect "$(printf '%-7d %-12.12s %-2s %-16s ' "$PROG_PID" tcpclient 6 ::1)%-6s $(printf '%-16s %d' ::1 "$PORT")"
echo "ok: v6 with -L: $N connections from ports $(echo $SPORTS)"

# -p and -U -u: the client's, by PID and by UID 0, with timestamps.
run 127.0.0.1 -p CLIENT -t -U -u 0
wait_for_lines "$T/tcpconnect.out" " $PORT +\$" "$N"
stop_tool
[ "$(grep -Ec "^[0-9]+\.[0-9]{3} +0 +$PROG_PID +tcpclient +4 +127\.0\.0\.1 +127\.0\.0\.1 +$PORT +\$" "$T/tcpconnect.out")" -eq "$N" ] ||
	fail "-p -t -U: expected $N rows of the client"
[ "$(grep -c . "$T/tcpconnect.out")" -eq $((N + 2)) ] || fail "-p: rows of other processes"
expect_grep "^0\.000 " "$T/tcpconnect.out"
echo "ok: -p -t -U -u 0"

# A UID that is not the client's, and -4 for ::1: nothing.
run 127.0.0.1 -u 65534 -P PORT
stop_tool
expect_no_grep " $PORT +\$" "$T/tcpconnect.out"
run ::1 -4 -P PORT
stop_tool
expect_no_grep " $PORT +\$" "$T/tcpconnect.out"
echo "ok: -u 65534 and -4 leave them out"

HDR=err run 127.0.0.1 -j -L -P PORT
wait_for_lines "$T/tcpconnect.out" "\"dport\": $PORT" "$N"
stop_tool
set -- $SPORTS
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"tcpclient\", \"ip\": \"4\", \"saddr\": \"127\.0\.0\.1\", \"lport\": $2, \"daddr\": \"127\.0\.0\.1\", \"dport\": $PORT\}\$" "$T/tcpconnect.out"
echo "ok: -j"

# -c: BCC's table at Ctrl-C, the N connections counted under their
# addresses and port, and no rows.
READY='Hit Ctrl-C to end$' run 127.0.0.1 -c -P PORT
stop_tool
{
	echo "Tracing connect ... Hit Ctrl-C to end"
	echo
	printf '%-25s %-25s %-20s %-10s\n' LADDR RADDR RPORT CONNECTS
	printf '%-25s %-25s %-20s %-10s\n' 127.0.0.1 127.0.0.1 "$PORT" "$N"
} >"$T/want"
diff "$T/want" "$T/tcpconnect.out" >"$T/diff" || fail "-c table differs: $(cat "$T/diff")"
READY='Hit Ctrl-C to end$' HDR=err run ::1 -c -j -P PORT
stop_tool
[ "$(cat "$T/tcpconnect.out")" = "{\"laddr\": \"::1\", \"raddr\": \"::1\", \"rport\": $PORT, \"connects\": $N}" ] ||
	fail "-c -j: $(cat "$T/tcpconnect.out")"
echo "ok: -c counts $N connections, -c -j"

# -d: a connect to 127.0.0.1 by number, no name looked up, shows BCC's
# localhost; then one to a name the client looked up with libc's
# getaddrinfo() (the test's own, 127.0.0.1 by an /etc/hosts of the
# client's own mount namespace) shows the name.
name="bpfkit-dns-$$.example"
echo "127.0.0.1 $name" >"$T/hosts"
# The VM guest's root has no /etc/hosts to bind over: an empty one there,
# removed at exit.
rm_hosts() { rm -f /etc/hosts; }
if [ ! -e /etc/hosts ]; then
	: >/etc/hosts || fail "cannot make /etc/hosts"
	at_exit rm_hosts
fi
tcp_serve 127.0.0.1 2 1
start_tool tcpconnect -d -P "$PORT"
wait_for "$T/tcpconnect.out" 'DPORT  QUERY$'
"$TESTBIN/tcpclient" 127.0.0.1 "$PORT" 1 1 1 </dev/zero >"$T/plain.out" 2>&1 &
plain=$!
wait "$plain" || fail "tcpclient failed: $(cat "$T/plain.out")"
unshare -m sh -c 'mount --bind "$1" /etc/hosts && shift && exec "$@"' sh "$T/hosts" \
	"$TESTBIN/tcpclient_dyn" "$name" "$PORT" 1 1 1 </dev/zero >"$T/named.out" 2>&1 &
named=$!
wait "$named" || fail "tcpclient_dyn failed: $(cat "$T/named.out")"
wait "$SERVER_PID" || fail "tcpserver failed: $(cat "$T/server.out")"
wait_for_lines "$T/tcpconnect.out" " $PORT +[a-z]" 2
stop_tool
grep -E " $PORT +[a-z]" "$T/tcpconnect.out" >"$T/rows"
{
	printf '%-7d %-12.12s %-2s %-16s %-16s %-6d %s\n' "$plain" tcpclient 4 127.0.0.1 127.0.0.1 "$PORT" localhost
	printf '%-7d %-12.12s %-2s %-16s %-16s %-6d %s\n' "$named" tcpclient_dyn 4 127.0.0.1 127.0.0.1 "$PORT" "$name"
} >"$T/want"
diff "$T/want" "$T/rows" >"$T/diff" || fail "-d rows differ: $(cat "$T/diff")"
echo "ok: -d: $name, localhost"

expect_bad_input "-c with -d" "$BPFKIT" tcpconnect -c -d
expect_bad_input "a port that is not a number" "$BPFKIT" tcpconnect -P 80,http
expect_bad_input "-4 and -6" "$BPFKIT" tcpconnect -4 -6
expect_bad_input "a PID that does not exist" "$BPFKIT" tcpconnect -p 999999999
