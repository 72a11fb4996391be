# cpudist: a test program that sleeps 5 times for 100 ms is off-CPU exactly
# 5 times in the 65536..131071 us slot (-O -p), per PID with its comm (-P),
# with -e's count and average; on-CPU time of a spinner lands in slots of
# scheduler time slices; BCC's exact histogram text.
. "$TESTLIB"

gated_start "$TESTBIN/sleeper" 5 100
start_tool cpudist -O -e -p "$PROG_PID"
wait_for "$T/cpudist.out" '^Tracing off-CPU time\.\.\. Hit Ctrl-C to end\.$'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^     usecs               : count     distribution$' "$T/cpudist.out"
expect_grep '^     65536 -> 131071     : 5        \|\*+ *\|$' "$T/cpudist.out"
# The 5 sleeps dominate the sum: 0.5 s over however many off-CPU periods.
line=$(grep '^avg = ' "$T/cpudist.out") || fail "no -e summary"
total=$(echo "$line" | sed 's/.*total: \([0-9]*\) usecs.*/\1/')
[ "$total" -ge 500000 ] && [ "$total" -le 600000 ] || fail "off-CPU total $total us, expected about 500000: $line"
echo "ok: 5 sleeps of 100 ms; $line"

gated_start "$TESTBIN/sleeper" 3 20
start_tool cpudist -O -P -m -p "$PROG_PID"
wait_for "$T/cpudist.out" '^Tracing off-CPU time'
poke
wait "$PROG_PID"
stop_tool
expect_grep "^pid = $PROG_PID sleeper$" "$T/cpudist.out"
expect_grep '^     msecs               : count     distribution$' "$T/cpudist.out"
expect_grep '^        16 -> 31         : 3        \|\*+ *\|$' "$T/cpudist.out"
echo "ok: per PID, milliseconds"

gated_start "$TESTBIN/spinner" 300
start_tool cpudist -p "$PROG_PID" -j
wait_for "$T/cpudist.err" '^Tracing on-CPU time' # -j: status on stderr
poke
wait "$PROG_PID"
stop_tool
# JSON: one object whose buckets add up to at least one on-CPU period.
expect_grep '^\{"ts": "[^"]+", "val_type": "usecs", "data": \[.*"count": [1-9]' "$T/cpudist.out"
expect_bad_input "bad pid" "$BPFKIT" cpudist -p nope
echo PASS
