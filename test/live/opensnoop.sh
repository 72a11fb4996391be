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

# -F: a relative name joined to the directory it is opened from, read from
# the kernel's dentries: the working directory, across a mount point (a
# tmpfs mounted here), "../" left as given (BCC's join); an openat(2)
# directory descriptor's directory (BCC takes the working directory there
# too); ".../" when the walk up stops short of the root (64 steps).
real=$(cd "$T" && pwd -P)
mkdir "$T/mnt" "$T/dirfd"
mount -t tmpfs bpfkit-test "$T/mnt" || fail "cannot mount a tmpfs"
trap 'umount "$T/mnt" 2>/dev/null; cleanup' EXIT
mkdir -p "$T/mnt/a/b"
: >"$T/mnt/a/b/rel"
: >"$T/dirfd/in-dir"
deep="$T/deep"
shown=""
i=0
while [ "$i" -lt 70 ]; do
	deep="$deep/d"
	[ "$i" -lt 64 ] && shown="$shown/d"
	i=$((i + 1))
done
mkdir -p "$deep"
for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	cd "$T/mnt/a/b" || fail "cd"
	start_tool opensnoop -F --exec "$TESTBIN/opener" rel ../b/rel "$good"
	wait_tool
	cd /
	[ "$TOOL_RC" -eq 0 ] || fail "opensnoop -F exited $TOOL_RC"
	expect_grep "^[0-9]+ +opener +[0-9]+ +0 $real/mnt/a/b/rel\$" "$T/opensnoop.out"
	expect_grep "^[0-9]+ +opener +[0-9]+ +0 $real/mnt/a/b/\.\./b/rel\$" "$T/opensnoop.out"
	expect_grep "^[0-9]+ +opener +[0-9]+ +0 $good\$" "$T/opensnoop.out"
	start_tool opensnoop -F --exec "$TESTBIN/opener" -d "$T/dirfd" in-dir
	wait_tool
	expect_grep "^[0-9]+ +opener +[0-9]+ +0 $real/dirfd/in-dir\$" "$T/opensnoop.out"
	cd "$deep" || fail "cd"
	start_tool opensnoop -F --exec "$TESTBIN/opener" missing
	wait_tool
	cd /
	expect_grep "^[0-9]+ +opener +-1 +2 \.\.\.$shown/missing\$" "$T/opensnoop.out"
	echo "ok: -F (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# --exec: the command runs once tracing is ready and only its process is
# traced: the opener its shell forks is not, the openloop it execs is, all
# 5 opens; the command's exit ends the tool, with status 0 (BCC).
start_tool opensnoop --exec sh -c 'echo $$ >"$1"; "$2" "$0" </dev/null >/dev/null; exec "$3" 5 "$0"' \
	"$good" "$T/sh.pid" "$TESTBIN/opener" "$TESTBIN/openloop"
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "opensnoop --exec exited $TOOL_RC"
shpid=$(cat "$T/sh.pid")
[ "$(grep -c " $good\$" "$T/opensnoop.out")" -eq 5 ] || fail "--exec: expected 5 opens of $good"
[ "$(grep -Ec "^$shpid +openloop +[0-9]+ +0 $good\$" "$T/opensnoop.out")" -eq 5 ] || fail "--exec: opens not by $shpid"
expect_no_grep ' opener ' "$T/opensnoop.out"
echo "ok: --exec"
expect_bad_input "--exec of a missing command" "$BPFKIT" opensnoop --exec "$T/no-such-command"
expect_bad_input "--exec with -p" "$BPFKIT" opensnoop -p $$ --exec true

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

# Ctrl-C while an open loop floods the buffer faster than the output is
# read (a slow terminal, a pipe into a busy consumer): the tool stops
# reading, drains a bounded rest and ends.  libbpf's ring consumer alone
# returns only once the ring is empty, which such a producer never lets it
# be.  The reader takes 4 KB per 100 ms and stops after 60 s; the loop is
# bounded too (10^8 opens, killed once this is seen).
for off in "" ringbuf; do
	export BPFKIT_DISABLE="$off"
	rm -f "$T/slow" "$T/opensnoop.out"
	mkfifo "$T/slow"
	( i=0; while [ $i -lt 600 ]; do dd bs=4096 count=1 2>/dev/null || exit; i=$((i + 1)); sleep 0.1; done ) \
		<"$T/slow" >"$T/opensnoop.out" &
	reader=$!
	BG_PIDS="$BG_PIDS $reader"
	gated_start "$TESTBIN/openloop" 100000000 /dev/null
	"$BPFKIT" opensnoop -p "$PROG_PID" >"$T/slow" 2>"$T/opensnoop.err" &
	TOOL_PID=$!
	BG_PIDS="$BG_PIDS $TOOL_PID"
	wait_for "$T/opensnoop.out" 'PATH$'
	poke
	wait_for "$T/opensnoop.err" ' events lost so far' 10
	stop_tool
	kill -9 "$PROG_PID" "$reader"
	echo "ok: Ctrl-C ends opensnoop under a flood it cannot print (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE
echo PASS
