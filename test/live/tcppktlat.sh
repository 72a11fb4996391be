# tcppktlat: a tcpslowread that reads a segment DELAY_MS after it arrived,
# over 127.0.0.1 and ::1: one row, of the reader, with its addresses and
# ports and at least DELAY_MS; the filters, -w, -T, -j and bad input.
. "$TESTLIB"

DELAY_MS=200 BYTES=1000
# run ADDR ARGS...: tcppktlat ARGS (PORT: the reader's port, CPORT the
# client's, READER its PID) while a tcpxfer sends BYTES to a tcpslowread.
run() {
	_addr=$1
	shift
	# Emptied here: the background shell's redirection may come after
	# the wait_for below read the previous run's port.
	: >"$T/reader.out"
	"$TESTBIN/tcpslowread" "$_addr" "$DELAY_MS" >>"$T/reader.out" 2>&1 &
	READER=$!
	BG_PIDS="$BG_PIDS $READER"
	TOOL_PID=$READER
	wait_for "$T/reader.out" '^port '
	PORT=$(sed -n 's/^port //p' "$T/reader.out")
	gated_start "$TESTBIN/tcpxfer" "$_addr" "$PORT" "$BYTES"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	CPORT=$(sed -n 's/^connected //p' "$T/prog.out")
	_args=""
	for _a in "$@"; do _args="$_args $(printf "%s\n" "$_a" | sed "s/CPORT/$CPORT/; s/PORT/$PORT/; s/READER/$READER/")"; done
	# shellcheck disable=SC2086
	start_tool tcppktlat $_args
	wait_for "$T/tcppktlat.${HDR:-out}" 'RPORT +MS$'
	poke
	wait "$PROG_PID" || fail "tcpxfer failed: $(cat "$T/prog.out")"
	wait "$READER" || fail "tcpslowread failed: $(cat "$T/reader.out")"
	expect_grep "^read $BYTES\$" "$T/reader.out"
}
# row WIDTH ADDR: the one row of the reader, its latency read back (at
# least DELAY_MS).
row() {
	wait_for_lines "$T/tcppktlat.out" " $CPORT +[0-9.]+\$" 1
	stop_tool
	[ "$(grep -c " $CPORT " "$T/tcppktlat.out")" -eq 1 ] || fail "expected one row: $(cat "$T/tcppktlat.out")"
	_r=$(grep " $CPORT " "$T/tcppktlat.out")
	_ms=${_r##* }
	# -T: the time of day, in 8 columns and a space.
	if [ -n "${TIMED:-}" ]; then
		echo "$_r" | grep -Eq '^[0-9]{2}:[0-9]{2}:[0-9]{2} ' || fail "-T row: '$_r'"
		_r=${_r#* }
	fi
	[ "$_r" = "$(printf "%-7d %-7d %-16s %-$1s %-5d %-$1s %-5d %s" "$READER" "$READER" tcpslowread "$2" "$PORT" "$2" "$CPORT" "$_ms")" ] ||
		fail "row: '$_r'"
	[ "${_ms%.*}" -ge "$DELAY_MS" ] || fail "latency $_ms ms, expected at least $DELAY_MS"
	echo "ok: $2: $_ms ms"
}

run 127.0.0.1 -l PORT
row 15 127.0.0.1
head -n 1 "$T/tcppktlat.out" | grep -Fxq "$(printf '%-7s %-7s %-16s %-15s %-5s %-15s %-5s %s' PID TID COMM LADDR LPORT RADDR RPORT MS)" ||
	fail "header: $(head -n 1 "$T/tcppktlat.out")"
run ::1 -w -r CPORT
row 26 ::1
head -n 1 "$T/tcppktlat.out" | grep -Fxq "$(printf '%-7s %-7s %-16s %-26s %-5s %-26s %-5s %s' PID TID COMM LADDR LPORT RADDR RPORT MS)" ||
	fail "wide header: $(head -n 1 "$T/tcppktlat.out")"
run 127.0.0.1 -T -p READER
TIMED=1 row 15 127.0.0.1
head -n 1 "$T/tcppktlat.out" | grep -Eq '^TIME\(s\)  PID ' || fail "-T header: $(head -n 1 "$T/tcppktlat.out")"
run 127.0.0.1 -t READER "$((DELAY_MS * 1000 / 2))"
row 15 127.0.0.1
echo "ok: -l, -r, -w, -T, -p, -t, min_us below the latency"

# A latency above what it waited, another PID, another port: no row.
run 127.0.0.1 -l PORT "$((DELAY_MS * 1000 * 20))"
stop_tool
expect_no_grep " $CPORT " "$T/tcppktlat.out"
run 127.0.0.1 -l PORT -p "$$"
stop_tool
expect_no_grep " $CPORT " "$T/tcppktlat.out"
echo "ok: min_us above it, -p of another process"

HDR=err run 127.0.0.1 -j -l PORT
wait_for_lines "$T/tcppktlat.out" "\"rport\": $CPORT" 1
stop_tool
expect_grep "^\{\"pid\": $READER, \"tid\": $READER, \"comm\": \"tcpslowread\", \"laddr\": \"127\.0\.0\.1\", \"lport\": $PORT, \"raddr\": \"127\.0\.0\.1\", \"rport\": $CPORT, \"ms\": [0-9]+\.[0-9]+\}\$" "$T/tcppktlat.out"
echo "ok: -j"

expect_bad_input "a port that is not a number" "$BPFKIT" tcppktlat -l http
expect_bad_input "a latency that is not a number" "$BPFKIT" tcppktlat 10ms
expect_bad_input "a PID that does not exist" "$BPFKIT" tcppktlat -p 999999999
