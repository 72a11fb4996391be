# runqslower: a test program woken while a SCHED_FIFO hog holds its CPU
# waits on the run queue until the hog is done; that wait is reported for
# its TID, above the threshold, with the task that ran before it (-P).
. "$TESTLIB"
command -v taskset >/dev/null || fail "taskset is needed"
cpu=$(($(nproc) - 1))

gated_start "$TESTBIN/sleeper" 1 300
taskset -p -c "$cpu" "$PROG_PID" >/dev/null || fail "cannot pin the test program"
start_tool runqslower -P -p "$PROG_PID" 50000
wait_for "$T/runqslower.out" '^TIME +COMM +TID +LAT\(us\) PREV COMM +PREV TID$'
# The hog, at real-time priority on the same CPU, sleeps 150 ms then spins
# 400 ms; the test program, poked now, sleeps 300 ms and so wakes in the
# middle of the spin, and cannot run before it ends.  (One CPU or many.)
echo x | "$TESTBIN/spinner" 400 fifo "$cpu" 150 &
hog=$!
BG_PIDS="$BG_PIDS $hog"
poke
wait "$PROG_PID"
wait "$hog"
wait_for "$T/runqslower.out" "^[0-9:]{8} sleeper +$PROG_PID "
stop_tool
line=$(grep -E "^[0-9:]{8} sleeper +$PROG_PID +[0-9]+ " "$T/runqslower.out" | head -1) ||
	fail "no wait reported: $(cat "$T/runqslower.out")"
lat=$(echo "$line" | awk '{ print $4 }')
[ "$lat" -ge 50000 ] || fail "latency $lat us below the threshold"
# Whatever ran last before it (the hog, or a kworker after it): named.
echo "$line" | grep -Eq "^.{8} .{16} .{6} +[0-9]+ [^ ].{15} [0-9]+ *$" || fail "no previous task: $line"
echo "ok: sleeper waited $lat us behind the hog"
expect_bad_input "-p with -t" "$BPFKIT" runqslower -p 1 -t 1
echo PASS
