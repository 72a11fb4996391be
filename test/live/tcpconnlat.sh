# tcpconnlat: a tcpclient's N connections over 127.0.0.1 and ::1, each with
# a latency, its PID, COMM, addresses and ports; the minimum and filters.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

N=3
# run ADDR ARGS...: tcpconnlat ARGS while a tcpclient makes N connections
# (netns.sh's tcp_clients).
run() {
	tcp_clients tcpconnlat 'LAT\(ms\)$' "$@"
}
# rows: the rows of PORT, without their latency.
rows() {
	grep -E " $PORT +[0-9]+\.[0-9]{2}\$" "$T/tcpconnlat.out" | sed -E 's/ [0-9]+\.[0-9]{2}$//' >"$T/rows"
}
lat='+[0-9]+\.[0-9]{2}$'

run 127.0.0.1 -4
wait_for_lines "$T/tcpconnlat.out" " $PORT $lat" "$N"
stop_tool
rows
expect_tcp_rows tcpconnlat "$(printf '%-7d %-12.12s %-2s %-16s %-16s %-5d' "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 "$PORT" | sed 's/%/%%/g')"
head -n 1 "$T/tcpconnlat.out" | grep -Fxq "$(printf '%-7s %-12s %-2s %-16s %-16s %-5s %s' PID COMM IP SADDR DADDR DPORT 'LAT(ms)')" ||
	fail "header: $(head -n 1 "$T/tcpconnlat.out")"
echo "ok: v4: $N latencies"

run ::1 -6 -L -p CLIENT
wait_for_lines "$T/tcpconnlat.out" " $PORT $lat" "$N"
stop_tool
rows
expect_tcp_rows tcpconnlat "$(printf '%-7d %-12.12s %-2s %-16s ' "$PROG_PID" tcpclient 6 ::1)%-6s $(printf '%-16s %-5d' ::1 "$PORT")"
[ "$(grep -c . "$T/tcpconnlat.out")" -eq $((N + 1)) ] || fail "-p: rows of other processes"
echo "ok: v6 -L -p: $N latencies"

# A minimum of 1 us shows them; one of 10 s (no loopback handshake takes
# that long), and -6 for 127.0.0.1, do not.
run 127.0.0.1 -p CLIENT 0.001
wait_for_lines "$T/tcpconnlat.out" " $PORT $lat" "$N"
stop_tool
run 127.0.0.1 -p CLIENT 10000
stop_tool
expect_no_grep " $PORT $lat" "$T/tcpconnlat.out"
run 127.0.0.1 -6 -p CLIENT
stop_tool
expect_no_grep " $PORT $lat" "$T/tcpconnlat.out"
echo "ok: duration_ms 0.001 and 10000, -6"

HDR=err run 127.0.0.1 -j -t -p CLIENT
wait_for_lines "$T/tcpconnlat.out" "\"dport\": $PORT" "$N"
stop_tool
expect_grep "^\{\"time_s\": 0\.0+, \"pid\": $PROG_PID, \"comm\": \"tcpclient\", \"ip\": \"4\", \"saddr\": \"127\.0\.0\.1\", \"daddr\": \"127\.0\.0\.1\", \"dport\": $PORT, \"lat_ms\": [0-9]+\.[0-9]+\}\$" "$T/tcpconnlat.out"
echo "ok: -j -t"

expect_bad_input "a minimum that is not a number" "$BPFKIT" tcpconnlat 1ms
expect_bad_input "-4 and -6" "$BPFKIT" tcpconnlat -4 -6
expect_bad_input "a PID that does not exist" "$BPFKIT" tcpconnlat -p 999999999
