# cpufreq on a guest whose CPU 0 has three ACPI P-states (test/vm/cpufreq.asl,
# BPFKIT_VM_CPUFREQ=1): with the userspace governor the test sets the speed,
# 1800 MHz while one copy of the spinner runs and 1200 MHz while another
# does, and cpufreq puts each one's samples in exactly that 200 MHz bucket,
# and the system's in those two only; -j and -d the same; bad input is one
# line.
# vm: timeout 400
. "$TESTLIB"
cf=/sys/devices/system/cpu/cpu0/cpufreq
unload() {
	for _f in cpufreq_userspace acpi_cpufreq; do
		for _m in $(sed -n '1!G;h;$p' "/etc/testmodules/$_f"); do rmmod "$_m" 2>/dev/null; done
	done
}
at_exit unload
for f in acpi_cpufreq cpufreq_userspace; do
	[ -s "/etc/testmodules/$f" ] || fail "this kernel package has no $f module"
	for m in $(cat "/etc/testmodules/$f"); do
		grep -q "^$m " /proc/modules || insmod "/lib/modules/$m.ko" || fail "insmod $m"
	done
done
[ -e "$cf/scaling_cur_freq" ] || fail "acpi-cpufreq did not bind to CPU 0 (dmesg: $(dmesg | grep -i -m3 'cpufreq\|p-state'))"
echo userspace >"$cf/scaling_governor" || fail "no userspace governor"
speed() {
	echo "$1" >"$cf/scaling_setspeed" || fail "setspeed $1"
	[ "$(cat "$cf/scaling_cur_freq")" = "$1" ] || fail "setspeed $1 left the CPU at $(cat "$cf/scaling_cur_freq") kHz"
}
speed 1800000
cp "$TESTBIN/spinner" "$T/fast_spin"
cp "$TESTBIN/spinner" "$T/slow_spin"

spin() { # PROGRAM: 400 ms of spinning, to its end
	gated_start "$T/$1" 400
	poke
	wait "$PROG_PID" || fail "$1 failed: $(cat "$T/prog.out")"
}

start_tool cpufreq -f 199
wait_for "$T/cpufreq.out" '^Sampling CPU freq system-wide & by process\. Ctrl-C to end\.$' 120
spin fast_spin
speed 1200000
spin slow_spin
stop_tool
out=$T/cpufreq.out
# A process's section: its header, then one row of its one bucket.
section() { # COMM: the lines of COMM's histogram
	awk -v c="$1" '$1 == c && $2 == ":" { on = 1; print; next } on && /^$/ { exit } on' "$out"
}
check() { # COMM MHZ
	s=$(section "$1")
	[ "$(echo "$s" | sed -n 1p)" = "$(printf '     %-13s : count     distribution' "$1")" ] || fail "$1: no header: $s"
	[ "$(echo "$s" | wc -l)" -eq 2 ] || fail "$1: expected one bucket, got: $s"
	row=$(echo "$s" | sed -n 2p)
	n=$(echo "$row" | awk '{ print $3 }')
	[ "$n" -ge 20 ] || fail "$1: $n samples in 400 ms at 199 Hz"
	[ "$row" = "$(printf '        %-10u : %-8u |****************************************|' "$2" "$n")" ] ||
		fail "$1: row: $row"
	echo "ok: $1 $2 MHz, $n samples"
}
check fast_spin 1800
check slow_spin 1200
sys=$(section syswide | awk 'NR > 1 { printf "%s ", $1 }')
[ "$sys" = "1200 1800 " ] || fail "syswide buckets: $sys"
[ "$(tail -n 1 "$out" | cut -c1-8)" = "        " ] || fail "syswide is not last"

# -j with -d: ends by itself, one object per process and the system's last.
start_tool cpufreq -j -d 4
wait_for "$T/cpufreq.err" '^Sampling CPU freq' 120
spin slow_spin
wait_tool 60
[ "$TOOL_RC" -eq 0 ] || fail "-d 4 exited $TOOL_RC"
grep '"comm": "slow_spin"' "$out" | grep -q '{"interval-start": 1200, "interval-end": 1399, "count": [1-9]' ||
	fail "-j: slow_spin's bucket"
last=$(tail -n 1 "$out")
case $last in *'"comm"'*) fail "-j: the last object has a comm: $last" ;; esac
echo "$last" | grep -q '^{"val_type": "MHz", "data": \[' || fail "-j: syswide: $last"
echo "$last" | grep -q '"interval-start": 1800' && fail "-j: 1800 MHz after the speed was 1200: $last"

expect_bad_input "-f 0" "$BPFKIT" cpufreq -f 0
