# cpuunclaimed: three CPU-bound programs pinned to one CPU keep tasks
# waiting there; with other CPUs idle that shows as unclaimed idle time
# (on a one-CPU machine, as the VM tier, nothing can be unclaimed); -j
# prints one CSV line per sample group, a column per CPU.
. "$TESTLIB"
command -v taskset >/dev/null || fail "taskset is needed"
ncpu=$(nproc)
cpu=$((ncpu - 1))

start_tool cpuunclaimed 1 1
wait_for "$T/cpuunclaimed.out" '^Sampling run queues\.\.\. Output every 1 seconds\. Hit Ctrl-C to end\.$'
spinners=""
for i in 1 2 3; do
	echo x | taskset -c "$cpu" "$TESTBIN/spinner" 1500 &
	spinners="$spinners $!"
done
BG_PIDS="$BG_PIDS $spinners"
wait_for "$T/cpuunclaimed.out" '^%CPU +[0-9.]+%, unclaimed idle [0-9.]+%$' 10
wait "$TOOL_PID" || fail "cpuunclaimed 1 1 failed"
# shellcheck disable=SC2086
wait $spinners
unclaimed=$(sed -n 's/.*unclaimed idle \([0-9]*\)\..*/\1/p' "$T/cpuunclaimed.out")
if [ "$ncpu" -gt 1 ]; then
	[ "$unclaimed" -ge 20 ] || fail "unclaimed idle $unclaimed% with tasks queued on CPU $cpu: $(cat "$T/cpuunclaimed.out")"
else
	[ "$unclaimed" -eq 0 ] || fail "one CPU, yet $unclaimed% unclaimed"
fi
echo "ok: $(tail -1 "$T/cpuunclaimed.out") on $ncpu CPUs"

start_tool cpuunclaimed -J
wait_for "$T/cpuunclaimed.out" '^TIMESTAMP_ns,CPU0'
wait_for "$T/cpuunclaimed.out" '^[0-9]+,[0-9]'
stop_tool
fields=$(awk -F, 'NR == 2 { print NF }' "$T/cpuunclaimed.out")
[ "$fields" -eq $((1 + 2 * ncpu)) ] || fail "-J: $fields fields, expected $((1 + 2 * ncpu))"
# Every CPU's queue is read at one moment: no offsets (BCC's timers per CPU
# put them microseconds to milliseconds apart).
awk -F, -v n="$ncpu" 'NR > 1 { for (i = n + 2; i <= 2 * n + 1; i++) if ($i != 0) bad++ } END { exit bad > 0 }' \
	"$T/cpuunclaimed.out" || fail "-J: samples of a moment at different times: $(sed -n 2,4p "$T/cpuunclaimed.out")"
echo "ok: -J lines with lengths and offsets (0) of $ncpu CPUs"
expect_bad_input "-j with interval" "$BPFKIT" cpuunclaimed -j 1
echo PASS
