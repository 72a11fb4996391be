# exitsnoop: a test program's exit code, exactly; a death by signal; -x
# leaves out exit(0); -p filters; --per-thread shows a thread's end.
. "$TESTLIB"

run() { # EXPECTED-REGEX TOOL-ARGS... -- PROGRAM-ARG
	_want=$1
	shift
	_args=""
	while [ "$1" != -- ]; do _args="$_args $1"; shift; done
	gated_start "$TESTBIN/exiter" "$2"
	# shellcheck disable=SC2086
	start_tool exitsnoop $_args
	wait_for "$T/exitsnoop.out" '^PCOMM +PID +PPID +TID +AGE\(s\) +EXIT_CODE'
	poke
	wait "$PROG_PID"
	# The exit event is written before the parent can reap it.
	wait_for "$T/exitsnoop.out" "^exiter +$PROG_PID "
	stop_tool
	grep -E "^exiter +$PROG_PID " "$T/exitsnoop.out" >"$T/line"
	grep -Eq "$_want" "$T/line" || fail "exiter $2 with exitsnoop$_args: $(cat "$T/line")"
	echo "ok: exitsnoop$_args, exiter $2: $(cat "$T/line")"
}

me=$$
run "^exiter +[0-9]+ +$me +[0-9]+ +[0-9]+\.[0-9]{2} +code 37$" -- 37
run ' signal 9 \(KILL\)$' -- sig:9
run ' signal 11 \(SEGV\)(, core dumped )?$' -x -- sig:11

# -x: exit(0) is not shown, exit(3) is.
gated_start "$TESTBIN/exiter" 0
zero=$PROG_PID
start_tool exitsnoop -x
wait_for "$T/exitsnoop.out" '^PCOMM'
poke
wait "$zero"
gated_start "$TESTBIN/exiter" 3
poke
wait "$PROG_PID"
wait_for "$T/exitsnoop.out" "^exiter +$PROG_PID .* code 3$"
stop_tool
expect_no_grep "^exiter +$zero " "$T/exitsnoop.out"
echo "ok: -x shows code 3 and not exit(0)"

# -p PID: only that process; --per-thread: its thread's end too.
gated_start "$TESTBIN/exiter" thread:5
start_tool exitsnoop -p "$PROG_PID" --per-thread
wait_for "$T/exitsnoop.out" '^PCOMM'
poke
wait "$PROG_PID"
wait_for "$T/exitsnoop.out" "^exiter +$PROG_PID +[0-9]+ +$PROG_PID .* code 5$"
stop_tool
threads=$(grep -Ec "^exiter +$PROG_PID " "$T/exitsnoop.out")
[ "$threads" -eq 2 ] || fail "--per-thread: $threads lines for PID $PROG_PID: $(cat "$T/exitsnoop.out")"
[ "$(grep -Evc -e "^PCOMM" -e "^exiter +$PROG_PID " "$T/exitsnoop.out")" -eq 0 ] || fail "-p let others through"
echo "ok: -p and --per-thread"

# -j: one JSON object per exit on stdout (the header goes to stderr).
gated_start "$TESTBIN/exiter" sig:9
start_tool exitsnoop -j -p "$PROG_PID"
wait_for "$T/exitsnoop.err" '^PCOMM +PID'
poke
wait "$PROG_PID"
wait_for "$T/exitsnoop.out" "\"pid\": $PROG_PID,"
stop_tool
expect_grep "^\{\"pcomm\": \"exiter\", \"pid\": $PROG_PID, \"ppid\": $$, \"tid\": $PROG_PID, \"age_s\": [0-9.]+, \"exit_code\": 0, \"signal\": 9, \"signal_name\": \"KILL\", \"core_dumped\": false\}\$" "$T/exitsnoop.out"
[ "$(grep -vc '^{' "$T/exitsnoop.out")" -eq 0 ] || fail "-j: stdout has lines that are not JSON objects"
echo "ok: -j"
expect_bad_input "bad pid" "$BPFKIT" exitsnoop -p x
echo PASS
