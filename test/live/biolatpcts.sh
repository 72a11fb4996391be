# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biolatpcts on a loop device the test makes, with -i -1 (a report at once,
# then on SIGUSR1/SIGUSR2 and at exit): after N O_DIRECT writes only the
# write row has latencies, rising with the percentile; SIGUSR2 reports
# without starting a new period, SIGUSR1 starts one; bad input is one line.
. "$TESTLIB"
N=37 S=8192
loop_mount
lat='([0-9]+us|[0-9.]+ms|[0-9.]+s)'
empty='  +- +- +- +- +- +- +- +- +- +- +- +-$'

# reports FILE: how many reports (header lines) FILE holds.
reports() { grep -c "^$LOOP_NAME " "$1"; }
# report K: the K-th report of the tool, in $T/report.
report() {
	awk -v k="$1" -v name="$LOOP_NAME" '$1 == name { n++ } n == k' "$T/biolatpcts.out" >"$T/report"
}
# signal SIG: send it, and wait for the report it asks for.
signal() {
	_n=$(($(reports "$T/biolatpcts.out") + 1))
	kill "-$1" "$TOOL_PID"
	wait_for_lines "$T/biolatpcts.out" "^flush " "$_n"
}
# rising FILE: the write row's latencies, in us, never fall.
rising() {
	grep '^write ' "$1" | awk '{
		for (i = 2; i <= NF; i++) {
			v = $i + 0
			if ($i ~ /us$/) v *= 1; else if ($i ~ /ms$/) v *= 1000; else if ($i ~ /s$/) v *= 1000000; else bad = 1
			if (i > 2 && v < prev) bad = 1
			prev = v
		}
		exit bad || NF != 13
	}'
}

for which in on-device after-rq-alloc; do
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool biolatpcts -i -1 -w "$which" "$LOOP_DEV"
	wait_for "$T/biolatpcts.out" '^flush '
	report 1
	expect_grep "^$LOOP_NAME +1 +5 +10 +16 +25 +50 +75 +84 +90 +95 +99 +100\$" "$T/report"
	expect_grep "^write$empty" "$T/report"
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	signal USR2
	report 2
	for op in read discard flush; do expect_grep "^$op +$empty" "$T/report"; done
	expect_grep "^write( +$lat){12}\$" "$T/report"
	rising "$T/report" || fail "-w $which: the write latencies fall: $(grep '^write' "$T/report")"
	cp "$T/report" "$T/second"
	# USR2 again: the same period, the same numbers; USR1 reports them
	# and starts a new period, empty until more I/O.
	signal USR2
	report 3
	cmp -s "$T/second" "$T/report" || fail "SIGUSR2 changed the period"
	signal USR1
	signal USR2
	report 5
	expect_grep "^write$empty" "$T/report"
	stop_tool
	[ "$(reports "$T/biolatpcts.out")" -eq 6 ] || fail "expected a last report at exit"
	echo "ok: -w $which: $N writes, then a new period"
done

# -j, percentiles as given, sorted; MAJ:MIN.
gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
major=$(printf '%d' "0x$(stat -c %t "$LOOP_DEV")")
minor=$(printf '%d' "0x$(stat -c %T "$LOOP_DEV")")
start_tool biolatpcts -j -i -1 -p 99.9,50 "$major:$minor"
wait_for "$T/biolatpcts.out" '^\{'
expect_grep '^\{"read": \{"50": 0\.0, "99\.9": 0\.0\}, "write": \{"50": 0\.0, "99\.9": 0\.0\}, "discard": \{"50": 0\.0, "99\.9": 0\.0\}, "flush": \{"50": 0\.0, "99\.9": 0\.0\}\}$' "$T/biolatpcts.out"
poke
wait "$PROG_PID" || fail "directio failed"
kill -USR2 "$TOOL_PID"
wait_for_lines "$T/biolatpcts.out" '^\{' 2
stop_tool
sed -n 2p "$T/biolatpcts.out" >"$T/json"
expect_grep '^\{"read": \{"50": 0\.0, "99\.9": 0\.0\}, "write": \{"50": [0-9.e-]+, "99\.9": [0-9.e-]+\}, "discard": \{"50": 0\.0, ' "$T/json"
expect_no_grep '"write": \{"50": 0\.0' "$T/json"
echo "ok: -j -p 99.9,50 $major:$minor"

# -i 0: attaches, then ends at once, printing nothing.
start_tool biolatpcts -i 0 "$LOOP_NAME"
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "-i 0 exited $TOOL_RC"
[ ! -s "$T/biolatpcts.out" ] || fail "-i 0 printed something"
echo "ok: -i 0"

expect_bad_input "no device" "$BPFKIT" biolatpcts
expect_bad_input "unknown disk" "$BPFKIT" biolatpcts nosuchdisk0
expect_bad_input "an interval that is not a number" "$BPFKIT" biolatpcts -i x "$LOOP_NAME"
expect_bad_input "a percentile over 100" "$BPFKIT" biolatpcts -p 50,101 "$LOOP_NAME"
expect_bad_input "an unknown latency" "$BPFKIT" biolatpcts -w on-disk "$LOOP_NAME"
