# criticalstat: where the preemptirq tracepoints are missing (this host and
# every guest kernel), one line names them and the kernel option; bad input
# is one line.  Its programs (raw and classic tracepoint forms) pass this
# kernel's verifier: loaded, not attached, by bpftool where there is one
# (the guests have none).
. "$TESTLIB"
expect_bad_input "bad -d" "$BPFKIT" criticalstat -d nope
expect_bad_input "extra argument" "$BPFKIT" criticalstat 5
expect_bad_input "no preemptirq tracepoints" "$BPFKIT" criticalstat -i -d 50
grep -qx 'criticalstat: this kernel has no preemptirq:irq_disable, preemptirq:irq_enable, preemptirq:preempt_disable, preemptirq:preempt_enable tracepoints (built without CONFIG_PREEMPTIRQ_TRACEPOINTS: CONFIG_TRACE_IRQFLAGS and CONFIG_TRACE_PREEMPT_TOGGLE enable it)' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
expect_bad_input "-p without the tracepoints" "$BPFKIT" criticalstat -p

obj=$(dirname "$BPFKIT")/probes/criticalstat.bpf.o
if command -v bpftool >/dev/null && [ -f "$obj" ]; then
	grep -qs ' /sys/fs/bpf bpf ' /proc/mounts || mount -t bpf bpf /sys/fs/bpf || fail "cannot mount bpffs"
	pin=/sys/fs/bpf/bpfkit-test-$$
	cleanup_pin() { rm -rf "$pin"; }
	at_exit cleanup_pin
	bpftool prog loadall "$obj" "$pin" >"$T/load.out" 2>&1 || fail "verifier: $(tail -5 "$T/load.out")"
	[ "$(ls "$pin" | sort | tr '\n' ' ')" = "disable_raw disable_tp enable_raw enable_tp idle_raw idle_tp " ] ||
		fail "programs loaded: $(ls "$pin")"
	echo "ok: the six programs pass the verifier"
else
	echo "ok: (no bpftool here: verifier check left to the host tier)"
fi
