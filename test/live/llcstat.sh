# llcstat: with a hardware PMU, a test program spinning on memory shows up
# with cache references; without one (this host, the VM tier), one clear
# line that says the PMU is missing and a non-zero exit.
. "$TESTLIB"

if ! "$BPFKIT" features | grep -Eq '^pmu +yes'; then
	expect_bad_input "no PMU" "$BPFKIT" llcstat 1
	expect_grep 'pmu: ' "$T/bad.err"
	echo PASS
	exit 0
fi
gated_start "$TESTBIN/spinner" 1000
start_tool llcstat -c 10 3
wait_for "$T/llcstat.out" '^Running for 3 seconds or hit Ctrl-C to end\.$'
poke
wait "$PROG_PID"
wait "$TOOL_PID" || fail "llcstat failed"
expect_grep '^PID +NAME +CPU +REFERENCE +MISS +HIT%$' "$T/llcstat.out"
expect_grep "^$PROG_PID +spinner +[0-9]+ +[1-9][0-9]* +[0-9]+ +[0-9.]+%$" "$T/llcstat.out"
expect_grep '^Total References: [0-9]+ Total Misses: [0-9]+ Hit Rate: [0-9.]+%$' "$T/llcstat.out"
echo PASS
