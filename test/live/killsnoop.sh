# killsnoop: a test program's kill(child, SIGUSR1) with result 0 and its
# kill(reaped child, SIGTERM) with -ESRCH, exactly; -x and -s filter.
. "$TESTLIB"

check() { # LAST-EXPECTED-REGEX TOOL-ARGS...
	_last=$1
	shift
	gated_start "$TESTBIN/killer"
	start_tool killsnoop -p "$PROG_PID" "$@"
	wait_for "$T/killsnoop.out" '^TIME +PID +COMM +SIG +TPID +RESULT$'
	poke
	wait "$PROG_PID"
	ok=$(sed -n 's/^ok //p' "$T/prog.out")
	gone=$(sed -n 's/^gone //p' "$T/prog.out")
	# The events are in flight when the program ends: wait for the last
	# one expected before stopping the tool.
	wait_for "$T/killsnoop.out" "$(echo "$_last" | sed "s/OK/$ok/; s/GONE/$gone/")"
	stop_tool
}

check ' 15 +GONE +-3$'
expect_grep "^[0-9:]{8} +$PROG_PID +killer +10 +$ok +0$" "$T/killsnoop.out"
expect_grep "^[0-9:]{8} +$PROG_PID +killer +15 +$gone +-3$" "$T/killsnoop.out"
echo "ok: SIGUSR1 to $ok returned 0, SIGTERM to $gone returned -3"

check ' 15 +GONE +-3$' -x
expect_no_grep " +10 +$ok +0$" "$T/killsnoop.out"
expect_grep "^[0-9:]{8} +$PROG_PID +killer +15 +$gone +-3$" "$T/killsnoop.out"
echo "ok: -x shows only the failed kill"

check ' 10 +OK +0$' -s USR1
expect_grep " +10 +$ok +0$" "$T/killsnoop.out"
expect_no_grep " +15 +$gone " "$T/killsnoop.out"
echo "ok: -s USR1 shows only SIGUSR1"

# -j: the same events as JSON objects on stdout, the header on stderr.
gated_start "$TESTBIN/killer"
start_tool killsnoop -j -p "$PROG_PID"
wait_for "$T/killsnoop.err" '^TIME +PID +COMM +SIG +TPID +RESULT$'
poke
wait "$PROG_PID"
ok=$(sed -n 's/^ok //p' "$T/prog.out")
gone=$(sed -n 's/^gone //p' "$T/prog.out")
wait_for "$T/killsnoop.out" "\"tpid\": $gone, \"result\": -3\\}"
stop_tool
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"killer\", \"sig\": 10, \"tpid\": $ok, \"result\": 0\}\$" "$T/killsnoop.out"
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"killer\", \"sig\": 15, \"tpid\": $gone, \"result\": -3\}\$" "$T/killsnoop.out"
echo "ok: -j"
expect_bad_input "bad signal" "$BPFKIT" killsnoop -s NOPE
echo PASS
