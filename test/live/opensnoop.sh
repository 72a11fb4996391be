# opensnoop shows opens of unique paths with the right PID, COMM, FD and
# ERR; -x shows only failures; -p filters by process.
. "$TESTLIB"

good="$T/exists-$$"
bad="$T/missing-$$"
: >"$good"

# Tracepoints, the raw sys_enter/sys_exit fallback, and the perf buffer
# used where the kernel has no ring buffer.
for off in "" tracepoints ringbuf; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/opener" "$good" "$bad"
	start_tool opensnoop -p "$PROG_PID"
	wait_for "$T/opensnoop.out" '^PID +COMM +FD ERR PATH$'
	cat "$good" >/dev/null # another process: must not show with -p
	poke
	wait "$PROG_PID"
	wait_for "$T/opensnoop.out" "$bad"
	stop_tool
	fd=$(awk -v p="$good" '$1 == p { print $2 }' "$T/prog.out")
	[ -n "$fd" ] && [ "$fd" -ge 3 ] || fail "opener did not open $good: $(cat "$T/prog.out")"
	expect_grep "^$PROG_PID +opener +$fd +0 $good\$" "$T/opensnoop.out"
	expect_grep "^$PROG_PID +opener +-1 +2 $bad\$" "$T/opensnoop.out"
	[ "$(grep -c "$good" "$T/opensnoop.out")" -eq 1 ] || fail "open of $good reported more than once"
	expect_no_grep '^[0-9]+ +cat ' "$T/opensnoop.out"
	echo "ok: opens seen (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -j with -e: JSON objects on stdout; no mode (null) without O_CREAT.
gated_start "$TESTBIN/opener" "$good" "$bad"
start_tool opensnoop -j -e -p "$PROG_PID"
wait_for "$T/opensnoop.err" '^PID +COMM +FD ERR FLAGS +MODE +PATH$'
poke
wait "$PROG_PID"
wait_for "$T/opensnoop.out" "$bad"
stop_tool
fd=$(awk -v p="$good" '$1 == p { print $2 }' "$T/prog.out")
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"opener\", \"fd\": $fd, \"err\": 0, \"flags\": [0-9]+, \"mode\": null, \"path\": \"$good\"\}\$" "$T/opensnoop.out"
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"opener\", \"fd\": -1, \"err\": 2, .*\"path\": \"$bad\"\}\$" "$T/opensnoop.out"
echo "ok: -j"

# -x: only the failed open; -e adds flags and mode.
gated_start "$TESTBIN/opener" "$good" "$bad"
start_tool opensnoop -x -e -p "$PROG_PID"
wait_for "$T/opensnoop.out" 'FLAGS +MODE PATH$'
poke
wait "$PROG_PID"
wait_for "$T/opensnoop.out" "$bad"
stop_tool
expect_grep "^$PROG_PID +opener +-1 +2 [0-7]{8} n/a  $bad\$" "$T/opensnoop.out"
expect_no_grep "$good" "$T/opensnoop.out"

# -f O_WRONLY: a read-only open does not match.
gated_start "$TESTBIN/opener" "$good"
start_tool opensnoop -f O_WRONLY -p "$PROG_PID" -d 30
wait_for "$T/opensnoop.out" 'PATH$'
poke
wait "$PROG_PID"
stop_tool
expect_no_grep "$good" "$T/opensnoop.out"


# A burst larger than a one-page event buffer: what the kernel could not
# queue is counted and reported, never dropped silently, and every open is
# either printed or counted as lost.
for off in "" ringbuf; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/openloop" 20000 /dev/null
	start_tool opensnoop -b 1 -p "$PROG_PID"
	wait_for "$T/opensnoop.out" 'PATH$'
	poke
	wait "$PROG_PID"
	stop_tool
	# Each line gives the running total; the last one, at exit, the total.
	lost=$(sed -n 's/^opensnoop: warning: \([0-9]*\) events lost in total.*/\1/p' "$T/opensnoop.err")
	lost=${lost:-0}
	seen=$(grep -c ' /dev/null$' "$T/opensnoop.out")
	[ "$lost" -gt 0 ] || fail "no loss reported for a 20000-open burst into one page (seen $seen)"
	[ $((lost + seen)) -eq 20000 ] || fail "lost $lost + seen $seen != 20000"
	echo "ok: $seen shown, $lost reported lost (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE
echo PASS
