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
# -k, as libbpf-tools': one line per kill(), tkill() or tgkill() call, with
# the target as given and the call's result, also for a target that is
# gone (ESRCH, no signal, TCOMM N/A); signals sent otherwise (sigqueue)
# or by the kernel (SIGCHLD at exit) are not shown.  Without -k the same
# program's kill of the reaped child generates nothing, the tgkill and the
# sigqueue are "ignored" (1), and its exit sends SIGCHLD.
for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	for k in -k ""; do
		gated_start "$TESTBIN/signaller"
		start_tool sigsnoop $k -p "$PROG_PID"
		wait_for "$T/sigsnoop.out" '^TIME +PID +COMM +SIG +TPID +TCOMM +RESULT$'
		poke
		wait "$PROG_PID" || fail "signaller failed"
		ok=$(sed -n 's/^ok //p' "$T/prog.out")
		gone=$(sed -n 's/^gone //p' "$T/prog.out")
		tid=$(sed -n 's/^self [0-9]* //p' "$T/prog.out")
		p=$PROG_PID
		if [ -n "$k" ]; then
			wait_for_lines "$T/sigsnoop.out" "^[0-9:]{8} +$p " 3
			stop_tool
			expect_grep "^[0-9:]{8} +$p +signaller +10 +$ok +signaller +0 *\$" "$T/sigsnoop.out"
			expect_grep "^[0-9:]{8} +$p +signaller +15 +$gone +N/A +-3 *\$" "$T/sigsnoop.out"
			expect_grep "^[0-9:]{8} +$p +signaller +12 +$tid +signaller +0 *\$" "$T/sigsnoop.out"
			want=3
		else
			# Its exit's SIGCHLD to this shell is one more.
			wait_for_lines "$T/sigsnoop.out" "^[0-9:]{8} +$p " 4
			stop_tool
			expect_grep "^[0-9:]{8} +$p +signaller +10 +$ok +signaller +0 *\$" "$T/sigsnoop.out"
			expect_grep "^[0-9:]{8} +$p +signaller +12 +$tid +signaller +1 *\$" "$T/sigsnoop.out"
			expect_grep "^[0-9:]{8} +$p +signaller +12 +$p +signaller +1 *\$" "$T/sigsnoop.out"
			expect_grep "^[0-9:]{8} +$p +signaller +17 +$$ " "$T/sigsnoop.out"
			want=4
		fi
		rows=$(($(wc -l <"$T/sigsnoop.out") - 1))
		[ "$rows" -eq "$want" ] || fail "sigsnoop $k (disabled: ${off:-nothing}): $rows lines, expected $want"
		echo "ok: sigsnoop $k (disabled: ${off:-nothing}): kill, tgkill$([ -z "$k" ] && echo ", sigqueue")"
	done
done
unset BPFKIT_DISABLE
expect_bad_input "bad signal" "$BPFKIT" sigsnoop -s 99
# Output gone (sigsnoop | head -1): the first write into the closed pipe
# raises SIGPIPE on sigsnoop itself, a signal event whose printing raises
# another; the tool must still stop (it spun at 100% CPU forever).  Signals
# to this shell (SIGCHLD, ignored) give it events to print; both loops are
# bounded, and timeout only guards against the hang.
(for i in $(seq 500); do kill -CHLD $$; sleep 0.02; done) &
gen=$!
BG_PIDS="$BG_PIDS $gen"
# KILL: the spinning tool of the bug ignored SIGTERM, and outlived the test.
timeout -s KILL 60 sh -c '"$1" sigsnoop | head -1' sh "$BPFKIT" >"$T/head.out"
rc=$?
kill "$gen" 2>/dev/null
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || fail "sigsnoop | head -1 did not end after its output closed"
expect_grep '^TIME +PID +COMM +SIG' "$T/head.out"
echo "ok: sigsnoop | head -1 ends"
echo PASS
