# sigsnoop: a test program's SIGUSR1 to its child is generated once, with
# sender, target and result 0 (its kill of a reaped child generates none);
# -n names it; -s filters; the child's SIGCHLD comes from the child.
. "$TESTLIB"

run() { # TOOL-ARGS... (PROG stands for the test program's PID)
	gated_start "$TESTBIN/killer"
	_args=""
	for a in "$@"; do [ "$a" = PROG ] && a=$PROG_PID; _args="$_args $a"; done
	# shellcheck disable=SC2086
	start_tool sigsnoop $_args
	wait_for "$T/sigsnoop.out" '^TIME +PID +COMM +SIG +TPID +TCOMM +RESULT$'
	poke
	wait "$PROG_PID"
	ok=$(sed -n 's/^ok //p' "$T/prog.out")
	wait_for "$T/sigsnoop.out" " $ok +killer"
	stop_tool
}

run -p PROG
n=$(grep -Ec "^[0-9:]{8} +$PROG_PID +killer +10 +$ok +killer +0 *$" "$T/sigsnoop.out")
[ "$n" -eq 1 ] || fail "SIGUSR1 to $ok seen $n times: $(cat "$T/sigsnoop.out")"
# Every line is the program's: its SIGUSR1, and the SIGCHLD its own exit
# sends to this shell.
awk -v p="$PROG_PID" 'NR > 1 && $2 != p { bad = 1 } END { exit bad }' "$T/sigsnoop.out" ||
	fail "-p let other senders through: $(cat "$T/sigsnoop.out")"
echo "ok: SIGUSR1 from $PROG_PID to $ok, once"

run -n -s USR1,CHLD
expect_grep "^[0-9:]{8} +$PROG_PID +killer +SIGUSR1 +$ok +killer +0 *$" "$T/sigsnoop.out"
expect_grep "^[0-9:]{8} +$ok +killer +SIGCHLD +$PROG_PID +killer +[0-9]+ *$" "$T/sigsnoop.out"
expect_no_grep ' SIG(TERM|KILL|INT) ' "$T/sigsnoop.out"
echo "ok: -n -s USR1,CHLD"
expect_bad_input "bad signal" "$BPFKIT" sigsnoop -s 99
echo PASS
