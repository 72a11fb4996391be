# criticalstat: where the preemptirq tracepoints are missing (this host and
# every guest kernel), one line names them and the kernel option; bad input
# is one line.
. "$TESTLIB"
expect_bad_input "bad -d" "$BPFKIT" criticalstat -d nope
expect_bad_input "extra argument" "$BPFKIT" criticalstat 5
expect_bad_input "no preemptirq tracepoints" "$BPFKIT" criticalstat -i -d 50
grep -qx 'criticalstat: this kernel has no preemptirq:irq_disable, preemptirq:irq_enable, preemptirq:preempt_disable, preemptirq:preempt_enable tracepoints (built without CONFIG_PREEMPTIRQ_TRACEPOINTS: CONFIG_TRACE_IRQFLAGS and CONFIG_TRACE_PREEMPT_TOGGLE enable it)' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
