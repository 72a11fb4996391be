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

# Kernel stacks of a tracepoint, symbolized.
"$BPFKIT" stackcount -K -D 1 t:sched:sched_switch >"$T/k.out" 2>&1 || fail "stackcount -K"
expect_grep '^  __schedule$' "$T/k.out"
expect_bad_input "-K with -U" "$BPFKIT" stackcount -K -U t:sched:sched_switch
expect_bad_input "no match" "$BPFKIT" stackcount "$TESTBIN/twopaths:nothing_*"
echo PASS
