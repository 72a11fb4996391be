# Ctrl-C while funccount is still attaching kprobes one at a time (as on
# 6.1, forced here with kprobe_multi off) stops the attach there: the tool
# exits without ever saying it is tracing, and leaves no kprobe behind.
# Before, it attached every one of them (hundreds, seconds under emulation)
# and only then noticed the signal.
. "$TESTLIB"

# A kprobe holds a perf event (5.10 has no BPF link for it).
links() { ls -l /proc/"$1"/fd 2>/dev/null | grep -c 'perf_event'; }

export BPFKIT_DISABLE=kprobe_multi
start_tool funccount 'tcp_*'
unset BPFKIT_DISABLE
deadline=$(( $(date +%s) + 60 ))
# The attach is under way once the tool holds a few links.
until [ "$(links "$TOOL_PID")" -ge 5 ]; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "funccount never started attaching"
	alive "$TOOL_PID" || fail "funccount exited while attaching"
	sleep 0.01
done
kill -INT "$TOOL_PID"
wait "$TOOL_PID"
rc=$?
expect_no_grep '^Tracing' "$T/funccount.out"
[ "$rc" -lt 128 ] || fail "funccount killed by signal $((rc - 128))"
[ ! -s "$T/funccount.err" ] || fail "funccount printed on stderr: $(cat "$T/funccount.err")"
[ -z "$(grep -v '^ *[0-9]* *$' /sys/kernel/tracing/kprobe_events 2>/dev/null)" ] || fail "kprobe_events left behind"
echo "ok: SIGINT during the attach of tcp_* stopped it (exit $rc)"
echo PASS
