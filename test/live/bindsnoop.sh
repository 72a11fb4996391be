# bindsnoop: a binder's binds over 127.0.0.1 and ::1 (one that succeeds,
# with a socket option, and one that fails with EADDRINUSE): PID, COMM,
# protocol, address, port, OPTS and, with -E, the result.
. "$TESTLIB"

# run ADDR OPT ARGS...: bindsnoop -p BINDER ARGS while a binder binds.
run() {
	_addr=$1 _opt=$2
	shift 2
	gated_start "$TESTBIN/binder" "$_addr" "$_opt" 5
	start_tool bindsnoop -p "$PROG_PID" "$@"
	wait_for "$T/bindsnoop.${HDR:-out}" "${READY:-OPTS IF\$}"
	poke
	wait "$PROG_PID" || fail "binder failed: $(cat "$T/prog.out")"
	PORT=$(sed -n 's/^port //p' "$T/prog.out")
}
# rows: the rows after the status line and header.
rows() {
	tail -n +3 "$T/bindsnoop.out" >"$T/rows"
}
expect_rows() {
	printf '%s\n' "$@" >"$T/want"
	diff "$T/want" "$T/rows" >"$T/diff" || fail "bindsnoop rows differ: $(cat "$T/diff")"
}

run 127.0.0.1 none
wait_for "$T/bindsnoop.out" " $PORT ....."
stop_tool
rows
expect_rows "$(printf '%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d' "$PROG_PID" binder TCP 127.0.0.1 "$PORT" ..... 0)"
has=$(sed -n 2p "$T/bindsnoop.out")
[ "$has" = "$(printf '%8s %-12.12s %-4s %-15s %-5s %5s %2s' PID COMM PROT ADDR PORT OPTS IF)" ] || fail "header: '$has'"
echo "ok: v4: one row (the failed bind only with -E)"

run 127.0.0.1 reuseaddr -E
wait_for_lines "$T/bindsnoop.out" " binder " 2
stop_tool
rows
expect_rows "$(printf '%3s %8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d' 0 "$PROG_PID" binder TCP 127.0.0.1 "$PORT" ...R. 0)" \
	"$(printf '%3s %8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d' -98 "$PROG_PID" binder TCP 0.0.0.0 0 ..... 0)"
echo "ok: -E: SO_REUSEADDR (R) and EADDRINUSE (-98)"

run ::1 reuseport -E -w
wait_for_lines "$T/bindsnoop.out" " binder " 2
stop_tool
rows
expect_rows "$(printf '%-25s %10d %-12.12s %-4s %-39s %5d %-5s %2d' Success "$PROG_PID" binder TCP ::1 "$PORT" ....r 0)" \
	"$(printf '%-25s %10d %-12.12s %-4s %-39s %5d %-5s %2d' 'Address already in use' "$PROG_PID" binder TCP :: 0 ..... 0)"
echo "ok: v6 -E -w: SO_REUSEPORT (r) and EADDRINUSE in words"

run 127.0.0.1 freebind -t -U -u 0
wait_for "$T/bindsnoop.out" " $PORT F...."
stop_tool
expect_grep "^0\.000000 +0 +$PROG_PID +binder +TCP +127\.0\.0\.1 +$PORT +F\.\.\.\. +0\$" "$T/bindsnoop.out"
echo "ok: IP_FREEBIND (F), -t -U -u 0"

# --count -E: BCC's table at Ctrl-C, the bind and the failed one counted
# under their address and port, and no rows.
READY='Hit Ctrl-C to end$' run 127.0.0.1 none --count -E
stop_tool
{
	echo "Tracing binds ... Hit Ctrl-C to end"
	echo
	printf '%-32s %20s     %-10s\n' LADDR LPORT BINDS
	printf '%-32s %20s     %-10s\n' 0.0.0.0 0 1
	printf '%-32s %20s     %-10s\n' 127.0.0.1 "$PORT" 1
} >"$T/want"
diff "$T/want" "$T/bindsnoop.out" >"$T/diff" || fail "--count table differs: $(cat "$T/diff")"
echo "ok: --count -E"

# A port that is not the binder's, and a user that is not its: nothing.
run 127.0.0.1 none -P 9
stop_tool
expect_no_grep " binder " "$T/bindsnoop.out"
run 127.0.0.1 none -u 65534
stop_tool
expect_no_grep " binder " "$T/bindsnoop.out"
echo "ok: -P and -u leave it out"

HDR=err run ::1 none -j
wait_for "$T/bindsnoop.out" '"comm": "binder"'
stop_tool
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"binder\", \"prot\": \"TCP\", \"addr\": \"::1\", \"port\": $PORT, \"opts\": \"\.\.\.\.\.\", \"if\": 0\}\$" "$T/bindsnoop.out"
echo "ok: -j"

expect_bad_input "a port that is not a number" "$BPFKIT" bindsnoop -P 8o
expect_bad_input "a PID that does not exist" "$BPFKIT" bindsnoop -p 999999999
expect_bad_input "a user that does not exist" "$BPFKIT" bindsnoop -u no-such-user-bpfkit
