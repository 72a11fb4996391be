# cpufreq: where the machine has no CPU frequency driver (this host, and the
# guests but for test/vm/cpufreq's), one line says so; bad input is one line.
. "$TESTLIB"
expect_bad_input "bad -f" "$BPFKIT" cpufreq -f nope
expect_bad_input "-d 0" "$BPFKIT" cpufreq -d 0
expect_bad_input "extra argument" "$BPFKIT" cpufreq 5
[ ! -e /sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq ] || fail "this machine has a cpufreq driver: the refusal below is not what it gets"
expect_bad_input "no cpufreq driver" "$BPFKIT" cpufreq -d 1
grep -qx 'cpufreq: this machine has no CPU frequency driver (no /sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq): power:cpu_frequency never fires and there is no frequency to sample' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
