# profile attributes a spinning test program's samples to the function it
# spins in, by name; folded output and a flame graph too.
. "$TESTLIB"

gated_start "$TESTBIN/spinner" 1500
start_tool profile -F 199 -U -p "$PROG_PID"
# BCC's status line, its PID list printed as Python prints a list.
wait_for "$T/profile.out" "^Sampling at 199 Hertz of PID \\[$PROG_PID\\] by user stack\.\.\. Hit Ctrl-C to end\.$"
poke
wait "$PROG_PID"
stop_tool
# Sum samples per stack: those with spin_here in them, and all.
awk '/^    spin_here$/ { s = 1 } /^        [0-9]+$/ { all += $1; if (s) in_spin += $1; s = 0 }
     END { print in_spin + 0, all + 0 }' "$T/profile.out" >"$T/sums"
read -r in_spin all <"$T/sums"
# 1.5 s at 199 Hz is about 300 samples; nearly all inside spin_here.
[ "$all" -ge 100 ] || fail "only $all samples"
[ $((in_spin * 100)) -ge $((all * 90)) ] || fail "$in_spin of $all samples in spin_here"
echo "ok: $in_spin of $all samples in spin_here"

gated_start "$TESTBIN/spinner" 500
start_tool profile -f -F 199 -p "$PROG_PID" --flamegraph "$T/cpu.svg"
wait_for "$T/profile.err" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^spinner;(.*;)?main;spin_here(;.*)? [0-9]+$' "$T/profile.out"
expect_grep '<title>spin_here \(' "$T/cpu.svg"
# System-wide, a process that has exited by the time stacks are printed:
# its mappings were read while it ran (the BPF side names processes with new
# stacks), so its frames still have names.
gated_start "$TESTBIN/spinner" 500
start_tool profile -f -U -F 199
wait_for "$T/profile.err" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^spinner;(.*;)?main;spin_here [0-9]+$' "$T/profile.out"
echo "ok: an exited process's stacks have names"

# Several TIDs, and -c: "every N events" (BCC).
gated_start "$TESTBIN/spinner" 1
start_tool profile -c 1000000 -L "$$,$PROG_PID" 5
wait_for "$T/profile.out" 'Sampling'
stop_tool
expect_grep "^Sampling at every 1000000 events of TID \\[$$, $PROG_PID\\] by user \\+ kernel stack for 5 secs\.$" "$T/profile.out"
poke
wait "$PROG_PID"
echo "ok: status lines"

expect_bad_input "-F and -c" "$BPFKIT" profile -F 99 -c 1000
expect_bad_input "bad CPU" "$BPFKIT" profile -C 4000 1
echo PASS
