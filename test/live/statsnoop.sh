# statsnoop sees each stat-family call a program makes about two unique
# paths, one there and one missing: with -s the call's name, FD 0 and ERR 0
# or FD -1 and ERR 2 (ENOENT); -x only the failures; -t the time; -j JSON;
# by the calls' tracepoints and by the raw sys_enter/sys_exit ones.
. "$TESTLIB"

good="$T/stat-there-$$"
bad="$T/stat-missing-$$"
: >"$good"
calls="newstat newlstat newfstatat statx statfs"

for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/statcalls" "$good" "$bad"
	start_tool statsnoop -s -p "$PROG_PID"
	wait_for "$T/statsnoop.out" '^PID +COMM +FD ERR SYSCALL +PATH$'
	stat "$good" >/dev/null # another process: not shown
	poke
	wait "$PROG_PID" || fail "statcalls failed"
	wait_for "$T/statsnoop.out" "statfs +$bad\$"
	stop_tool
	for c in $calls; do
		expect_grep "^$PROG_PID +statcalls +0 +0 $(printf '%-12s' "$c") $good\$" "$T/statsnoop.out"
		expect_grep "^$PROG_PID +statcalls +-1 +2 $(printf '%-12s' "$c") $bad\$" "$T/statsnoop.out"
	done
	[ "$(grep -c "stat-" "$T/statsnoop.out")" -eq 10 ] || fail "not 10 lines: $(cat "$T/statsnoop.out")"
	echo "ok: 5 calls about each path (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -x -t: the failures only, with the time since the first.
gated_start "$TESTBIN/statcalls" "$good" "$bad"
start_tool statsnoop -x -t -p "$PROG_PID"
wait_for "$T/statsnoop.out" '^TIME\(s\) +PID +COMM +FD ERR PATH$'
poke
wait "$PROG_PID"
wait_for_lines "$T/statsnoop.out" " $bad\$" 5
stop_tool
expect_grep "^0\\.000000000 +$PROG_PID +statcalls +-1 +2 $bad\$" "$T/statsnoop.out"
expect_no_grep "$good" "$T/statsnoop.out"
[ "$(grep -Ec "^[0-9]+\.[0-9]{9} +$PROG_PID +statcalls +-1 +2 $bad\$" "$T/statsnoop.out")" -eq 5 ] || fail "-x: not 5 failures"
echo "ok: -x -t"

# -j
gated_start "$TESTBIN/statcalls" "$bad"
start_tool statsnoop -j -s -p "$PROG_PID"
wait_for "$T/statsnoop.err" 'PATH$'
poke
wait "$PROG_PID"
wait_for_lines "$T/statsnoop.out" "$bad" 5
stop_tool
expect_grep "^\\{\"pid\": $PROG_PID, \"comm\": \"statcalls\", \"fd\": -1, \"err\": 2, \"syscall\": \"statx\", \"path\": \"$bad\"\\}\$" "$T/statsnoop.out"
echo "ok: -j"

expect_bad_input "no such process" "$BPFKIT" statsnoop -p 999999999
expect_bad_input "an argument it does not take" "$BPFKIT" statsnoop 5
echo PASS
