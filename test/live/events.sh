# vm: skip (thousands of execs; the event stream is the same code on every kernel)
# The event buffer of the event tools.  execsnoop, stopped (SIGSTOP) while a
# workload runs N execs, keeps all N with the default buffer; with a small
# -b the rows it prints and the lost events it reports add up to N exactly,
# and the warning names -b.  Under a flood of opens, opensnoop reports the
# running total of lost events at most once a second.
. "$TESTLIB"

# stall N ARGS...: execsnoop ARGS stopped while execer runs N children;
# sets $rows (children printed) and $lost (the last total reported, or 0).
stall() {
	_n=$1
	shift
	gated_start "$TESTBIN/execer" "$_n"
	start_tool execsnoop -P "$PROG_PID" "$@"
	wait_for "$T/execsnoop.out" 'ARGS$'
	kill -STOP "$TOOL_PID"
	poke
	wait "$PROG_PID" || fail "execer failed"
	kill -CONT "$TOOL_PID"
	stop_tool
	rows=$(grep -c ' /proc/self/exe -$' "$T/execsnoop.out")
	lost=$(sed -n 's/.* \([0-9][0-9]*\) events lost .*/\1/p' "$T/execsnoop.err" | tail -n 1)
	lost=${lost:-0}
}

# libbpf-tools' execsnoop keeps about 3,600 of these execs per CPU through
# a stall (64-page perf buffers of 72-byte records); bpfkit's default must
# keep at least that many (its old 64-page ring buffer kept 2,978).
ncpu=$(grep -c '^processor' /proc/cpuinfo)
n=$((ncpu * 3500))
[ "$n" -le 7000 ] || n=7000
stall "$n"
[ "$rows" -eq "$n" ] && [ "$lost" -eq 0 ] || fail "default buffer: $rows of $n execs printed, $lost lost"
expect_no_grep 'events lost' "$T/execsnoop.err"
echo "ok: default buffer kept all $n execs of a stall"

for off in "" ringbuf; do
	export BPFKIT_DISABLE="$off"
	stall 500 -b 1
	[ "$rows" -lt 500 ] || fail "-b 1 (disabled: ${off:-nothing}): all 500 execs fit, nothing tested"
	[ $((rows + lost)) -eq 500 ] || fail "-b 1 (disabled: ${off:-nothing}): $rows printed + $lost lost != 500"
	expect_grep "^execsnoop: warning: $lost events lost in total: the event buffer was full \(raise it with -b, or filter more\)\$" "$T/execsnoop.err"
	echo "ok: -b 1 (disabled: ${off:-nothing}): $rows printed + $lost lost = 500"
done
unset BPFKIT_DISABLE

# A flood of a few seconds: one "so far" line a second at most, and the final
# total exact.
n=300000
gated_start "$TESTBIN/openloop" "$n" /dev/null
start_tool opensnoop -b 1 -p "$PROG_PID"
wait_for "$T/opensnoop.out" 'PATH$'
t0=$(date +%s)
poke
wait "$PROG_PID" || fail "openloop failed"
stop_tool
t1=$(date +%s)
rows=$(grep -c ' /dev/null$' "$T/opensnoop.out")
lost=$(sed -n 's/.* \([0-9][0-9]*\) events lost .*/\1/p' "$T/opensnoop.err" | tail -n 1)
lines=$(grep -c 'events lost' "$T/opensnoop.err")
[ "${lost:-0}" -gt 0 ] || fail "no events lost under a flood into a 1-page buffer"
[ $((rows + lost)) -eq "$n" ] || fail "flood: $rows printed + $lost lost != $n"
[ "$lines" -le $((t1 - t0 + 2)) ] || fail "$lines 'events lost' lines in $((t1 - t0)) s: more than one a second"
echo "ok: flood of $n opens: $rows printed + $lost lost, $lines lines in $((t1 - t0)) s"
echo PASS
