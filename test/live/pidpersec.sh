# pidpersec: a test program that forks 50 children is counted 50 times
# across the per-second lines (-p: only its forks), in BCC's format.
. "$TESTLIB"

gated_start "$TESTBIN/forker" 50 2300
start_tool pidpersec -p "$PROG_PID"
wait_for "$T/pidpersec.out" '^Tracing\.\.\. Ctrl-C to end\.$'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}: PIDs/sec: [0-9]+$' "$T/pidpersec.out"
sum=$(awk '/PIDs\/sec:/ { s += $3 } END { print s + 0 }' "$T/pidpersec.out")
[ "$sum" -eq 50 ] || fail "counted $sum forks, expected 50: $(cat "$T/pidpersec.out")"
echo "ok: 50 forks counted over $(grep -c 'PIDs/sec' "$T/pidpersec.out") seconds"
expect_bad_input "bad pid" "$BPFKIT" pidpersec -p 0
echo PASS
