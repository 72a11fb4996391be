# offcputime shows where a test program blocks (its own function, by name)
# with the time it slept; folded output and a flame graph too.
. "$TESTLIB"

gated_start "$TESTBIN/sleeper" 5 100
start_tool offcputime -p "$PROG_PID"
wait_for "$T/offcputime.out" "^Tracing off-CPU time \(us\) of PIDs $PROG_PID by user \+ kernel stack\.\.\. Hit Ctrl-C to end\.$"
poke
wait "$PROG_PID"
stop_tool
# The stacks (blank-line separated) where block_here sleeps in nanosleep:
# their microseconds.  A timer interrupt that preempts block_here makes a
# stack of its own, which is not the sleep.
us=$(awk 'BEGIN { RS = "" } /\n    block_here\n/ && /nanosleep/ { n = split($0, l, "\n"); sum += l[n] }
          END { if (sum) print sum }' "$T/offcputime.out")
[ -n "$us" ] || fail "no stack through block_here"
# 5 x 100 ms asleep: allow scheduling slack, not a different order of magnitude.
[ "$us" -ge 490000 ] && [ "$us" -le 700000 ] || fail "block_here blocked $us us, expected about 500000"
expect_grep '^    (do_nanosleep|hrtimer_nanosleep|__x64_sys_nanosleep)' "$T/offcputime.out"
expect_grep "^    -                sleeper \($PROG_PID\)$" "$T/offcputime.out"
echo "ok: block_here off-CPU for $us us"

# Several TIDs: BCC's "TIDs a,b" (its offcputime joins them with commas).
gated_start "$TESTBIN/sleeper" 1 1
start_tool offcputime -t "$$,$PROG_PID" -K 5
wait_for "$T/offcputime.out" '^Tracing'
stop_tool
poke
wait "$PROG_PID"
expect_grep "^Tracing off-CPU time \\(us\\) of TIDs $$,$PROG_PID by kernel stack for 5 secs\.$" "$T/offcputime.out"

gated_start "$TESTBIN/sleeper" 3 50
start_tool offcputime -f -U -p "$PROG_PID" --flamegraph "$T/off.svg"
wait_for "$T/offcputime.err" '^Tracing off-CPU time' # folded: status on stderr
poke
wait "$PROG_PID"
stop_tool
line=$(grep '^sleeper;.*main;block_here ' "$T/offcputime.out") || fail "no folded stack through block_here"
us=${line##* }
[ "$us" -ge 145000 ] && [ "$us" -le 300000 ] || fail "folded: $us us, expected about 150000"
expect_grep '<title>block_here \(' "$T/off.svg"
expect_bad_input "-p and -t" "$BPFKIT" offcputime -p 1 -t 1
expect_bad_input "-U and -K" "$BPFKIT" offcputime -U -K
expect_bad_input "bad pid list" "$BPFKIT" offcputime -p 1,x
# -j: an object per stack; block_here's sleeps, with nanosleep in the kernel
# stack, add up to about the time slept.
gated_start "$TESTBIN/sleeper" 3 50
start_tool offcputime -j -p "$PROG_PID"
wait_for "$T/offcputime.err" '^Tracing off-CPU time'
poke
wait "$PROG_PID"
stop_tool
us=$(grep -E '^\{"comm": "sleeper", "pid": [0-9]+, "count": [0-9]+, "user_stack": \["block_here", "main"' "$T/offcputime.out" |
	grep 'nanosleep' | sed 's/.*"count": \([0-9]*\),.*/\1/' | awk '{ s += $1 } END { print s + 0 }')
[ "$us" -ge 145000 ] && [ "$us" -le 300000 ] || fail "-j: block_here blocked $us us, expected about 150000: $(cat "$T/offcputime.out")"
[ "$(grep -vc '^{' "$T/offcputime.out")" -eq 0 ] || fail "-j: stdout has lines that are not JSON objects"
expect_bad_input "-f with -j" "$BPFKIT" offcputime -f -j
echo "ok: -j, block_here off-CPU for $us us"
# --state (BCC's, shared with offwaketime): 2 keeps the 3 x 100 ms waits
# on a vfork child (TASK_KILLABLE), 1 the 3 x 100 ms nanosleeps.
for st in 2 1; do
	gated_start "$TESTBIN/blocker" 3 100
	start_tool offcputime -f -U --state "$st" -p "$PROG_PID"
	wait_for "$T/offcputime.err" '^Tracing off-CPU time'
	poke
	wait "$PROG_PID"
	stop_tool
	awk '/;sleep_interruptible / { i += $NF } /;wait_uninterruptible / { u += $NF }
	     END { print i + 0, u + 0 }' "$T/offcputime.out" >"$T/sums"
	read -r int unint <"$T/sums"
	case $st in
	2) [ "$int" -eq 0 ] && [ "$unint" -ge 290000 ] && [ "$unint" -le 600000 ] ;;
	1) [ "$unint" -eq 0 ] && [ "$int" -ge 290000 ] && [ "$int" -le 600000 ] ;;
	esac || fail "--state $st: $int us interruptible, $unint us uninterruptible"
	echo "ok: --state $st: $int us interruptible, $unint us uninterruptible"
done
echo PASS
