# runqlen: three CPU-bound programs pinned to one CPU keep two tasks waiting
# there, so that CPU's histogram (-C) peaks at run queue length 2 and its
# occupancy (-O -C) is near 100%; BCC's linear histogram text.
. "$TESTLIB"
command -v taskset >/dev/null || fail "taskset is needed"
cpu=$(($(nproc) - 1))

spin3() {
	_spinners=""
	for i in 1 2 3; do
		echo x | taskset -c "$cpu" "$TESTBIN/spinner" 1500 &
		_spinners="$_spinners $!"
	done
	BG_PIDS="$BG_PIDS $_spinners"
	# shellcheck disable=SC2086
	wait $_spinners # not the tool, which runs in the background too
}

# peak_of: the length most samples of $cpu saw in the last run's output.
peak_of() {
	awk -v want="cpu = $cpu" '$0 == want { s = 1; next } /^cpu = / { s = 0 }
	s && /^ +[0-9]+ +: [0-9]+ / { if ($3 > best) { best = $3; at = $1 } } END { print at }' "$T/runqlen.out"
}
measure_peak() {
	start_tool runqlen -C
	wait_for "$T/runqlen.out" '^Sampling run queue length\.\.\. Hit Ctrl-C to end\.$'
	spin3
	stop_tool
	expect_grep '^     runqlen       : count     distribution$' "$T/runqlen.out"
	peak=$(peak_of)
}
# Another task runnable on that CPU for the whole run makes it 3 (seen once
# in CI's one-CPU 6.1 guest, 148 of 162 samples; which task was not found):
# then once more, after the machine is idle. A miscount fails both.
measure_peak
if [ "$peak" != 2 ]; then
	cp "$T/runqlen.out" "$T/first-try.out"
	wait_idle 20
	measure_peak
fi
[ "$peak" = 2 ] || fail "CPU $cpu run queue length peaks at '$peak', expected 2"
echo "ok: CPU $cpu run queue length peaks at 2"

start_tool runqlen -C -O
wait_for "$T/runqlen.out" '^Sampling run queue length'
spin3
stop_tool
occ=$(awk -v c="$cpu" '$1 == "runqocc," && $3 == c { sub("%", "", $4); print int($4) }' "$T/runqlen.out")
[ -n "$occ" ] && [ "$occ" -ge 60 ] || fail "CPU $cpu occupancy $occ%, expected most samples queued: $(cat "$T/runqlen.out")"
echo "ok: CPU $cpu occupancy $occ%"

"$BPFKIT" runqlen -O 0.2 1 >"$T/one.out" || fail "runqlen -O 0.2 1"
expect_grep '^runqocc: [0-9]+\.[0-9]{2}%$' "$T/one.out"
expect_bad_input "bad frequency" "$BPFKIT" runqlen --frequency 0
echo PASS
