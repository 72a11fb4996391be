# stackcount tells two call paths to one user function apart, with exact
# counts and function names; -f gives folded lines; --flamegraph writes an
# SVG; kernel stacks of a tracepoint are symbolized.
. "$TESTLIB"

gated_start "$TESTBIN/twopaths" 300 500
start_tool stackcount -p "$PROG_PID" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.out" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
# Each stack: leaf, its callers, then the count.
awk '/^  leaf$/ { s = "leaf"; next } s && /^    [0-9]+$/ { print s, $1; s = ""; next } s && /^  / { s = s ";" $1 }' \
	"$T/stackcount.out" >"$T/paths"
grep -Eq '^leaf;path_a;main(;.*)? 300$' "$T/paths" || fail "path_a stack: $(cat "$T/paths")"
grep -Eq '^leaf;middle;path_b;main(;.*)? 500$' "$T/paths" || fail "path_b stack: $(cat "$T/paths")"
[ "$(wc -l <"$T/paths")" -eq 2 ] || fail "expected 2 stacks: $(cat "$T/paths")"

# Folded, and the same stacks as a flame graph.
gated_start "$TESTBIN/twopaths" 7 11
start_tool stackcount -f -p "$PROG_PID" --flamegraph "$T/fg.svg" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.err" '^Tracing 1 functions' # folded: the status line is on stderr
poke
wait "$PROG_PID"
stop_tool
expect_grep '^twopaths;(.*;)?main;path_a;leaf 7$' "$T/stackcount.out"
expect_grep '^twopaths;(.*;)?main;path_b;middle;leaf 11$' "$T/stackcount.out"
expect_grep '<title>path_b \(11 samples' "$T/fg.svg"
expect_grep '<title>main \(18 samples' "$T/fg.svg"
expect_grep '<title>leaf \(11 samples' "$T/fg.svg"

# -j: an object per stack, frames innermost first.
gated_start "$TESTBIN/twopaths" 4 6
start_tool stackcount -j -p "$PROG_PID" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.err" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^\{"comm": "twopaths", "pid": [0-9]+, "count": 4, "user_stack": \["leaf", "path_a", "main"' "$T/stackcount.out"
expect_grep '^\{"comm": "twopaths", "pid": [0-9]+, "count": 6, "user_stack": \["leaf", "middle", "path_b", "main"' "$T/stackcount.out"
echo "ok: -j"

# 2048 distinct stacks, 3 times each: all kept.  A kernel stack-trace map
# of 16384 buckets (BCC's, libbpf-tools') loses about 120 of them: a stack
# whose bucket is taken is refused for the rest of the run.
gated_start "$TESTBIN/manypaths" 11 3
start_tool stackcount -f -p "$PROG_PID" "$TESTBIN/manypaths:leaf"
wait_for "$T/stackcount.err" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
n3=$(grep -Ec '^manypaths;(.*;)?main;step0;(step[01];){11}leaf 3$' "$T/stackcount.out")
[ "$n3" -eq 2048 ] || fail "$n3 of 2048 distinct stacks counted 3 times: $(grep -Evc ' 3$' "$T/stackcount.out") other lines"
[ "$(wc -l <"$T/stackcount.out")" -eq 2048 ] || fail "lines other than the 2048 stacks: $(grep -Ev ' 3$' "$T/stackcount.out" | head -3)"
echo "ok: 2048 distinct stacks, none lost"

# A 300-character glob is used whole: cut to its 255 stars it named every
# function of twopaths.
stars=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "*" }')
gated_start "$TESTBIN/twopaths" 3 5
start_tool stackcount -f -p "$PROG_PID" "$TESTBIN/twopaths:${stars}leaf"
wait_for "$T/stackcount.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^Tracing 1 functions' "$T/stackcount.err"
expect_grep '^twopaths;(.*;)?main;path_a;leaf 3$' "$T/stackcount.out"
expect_grep '^twopaths;(.*;)?main;path_b;middle;leaf 5$' "$T/stackcount.out"
echo "ok: a 300-character glob"

# Tracepoint events a perf event cannot attach to (ftrace:wakeup) are left
# out of a glob; the first failed the whole pattern.  Each sched_wakeup_new
# (one per fork, in the parent) has a stack.  (stackcount's --verbose is
# BCC's raw addresses: the list of those left out is funccount's to show.)
gated_start "$TESTBIN/forker" 23
start_tool stackcount -K -p "$PROG_PID" 't:*:*wakeup_new*'
wait_for "$T/stackcount.out" '^Tracing [0-9]+ functions'
poke
wait "$PROG_PID"
stop_tool
[ "$(awk '/^    [0-9]+$/ { n += $1 } END { print n + 0 }' "$T/stackcount.out")" -eq 23 ] ||
	fail "t:*:*wakeup_new*: not 23 stacks counted"
expect_grep '^  wake_up_new_task$' "$T/stackcount.out"
if [ -d /sys/kernel/tracing/events/ftrace ]; then
	# Without BPF cookies (before 5.15) several tracepoints are refused.
	if "$BPFKIT" features | grep -Eq '^cookies +no'; then
		expect_bad_input "t:*:*wakeup* without cookies" "$BPFKIT" stackcount -D 0.1 't:*:*wakeup*'
		expect_grep '^stackcount: cannot tell [0-9]+ tracepoints apart in one run: cookies: ' "$T/bad.err"
	else
		"$BPFKIT" stackcount -D 0.1 't:*:*wakeup*' >"$T/w.out" 2>"$T/w.err" || fail "t:*:*wakeup*: $(cat "$T/w.err")"
	fi
	expect_bad_input "only ftrace's records" "$BPFKIT" stackcount 't:ftrace:*'
	expect_grep "no tracepoint matches 'ftrace:\*' that can be attached" "$T/bad.err"
fi
echo "ok: tracepoint globs leave ftrace's records out"

# Kernel stacks of a tracepoint, symbolized.
"$BPFKIT" stackcount -K -D 1 t:sched:sched_switch >"$T/k.out" 2>&1 || fail "stackcount -K"
expect_grep '^  __schedule$' "$T/k.out"
expect_bad_input "-K with -U" "$BPFKIT" stackcount -K -U t:sched:sched_switch
expect_bad_input "no match" "$BPFKIT" stackcount "$TESTBIN/twopaths:nothing_*"
echo PASS
