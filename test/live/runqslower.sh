# runqslower: a test program woken while a SCHED_FIFO hog holds its CPU
# waits on the run queue until the hog is done; that wait is reported for
# its TID, above the threshold, with the task that ran before it (-P).
. "$TESTLIB"
command -v taskset >/dev/null || fail "taskset is needed"
cpu=$(($(nproc) - 1))

gated_start "$TESTBIN/sleeper" 1 1
taskset -p -c "$cpu" "$PROG_PID" >/dev/null || fail "cannot pin the test program"
start_tool runqslower -P -p "$PROG_PID" 50000
wait_for "$T/runqslower.out" '^TIME +COMM +TID +LAT\(us\) PREV COMM +PREV TID$'
# The hog spins 400 ms at real-time priority on the same CPU; the test
# program, woken meanwhile, cannot run before it ends.
echo x | "$TESTBIN/spinner" 400 fifo "$cpu" &
hog=$!
BG_PIDS="$BG_PIDS $hog"
until [ "$(cut -d' ' -f3 /proc/$hog/stat 2>/dev/null)" = R ] && [ "$(readlink /proc/$hog/exe)" = "$(readlink -f "$TESTBIN/spinner")" ]; do
	sleep 0.01
done
poke
wait "$PROG_PID"
wait "$hog"
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
