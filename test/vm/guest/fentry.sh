# The fentry -> kprobe chain through the core engine: vfsstat picks fentry
# where the kernel has it and kprobes when fentry is switched off, and
# counts the same reads exactly either way.
. "$TESTLIB"

for off in "" fentry; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/reads" 3000
	start_tool vfsstat --verbose -p "$PROG_PID" 1
	wait_for "$T/vfsstat.out" '^TIME +READ/s +WRITE/s'
	poke
	wait "$PROG_PID"
	stop_tool
	mech=$([ -z "$off" ] && echo fentry || echo kprobe)
	expect_grep "probe vfs_read: $mech vfs_read" "$T/vfsstat.err"
	# Interval 1: each line holds the calls of its second, none lost between
	# lines, so the column sums to the total.
	reads=$(awk '$1 ~ /^[0-9:]+:$/ { s += $2 } END { print s + 0 }' "$T/vfsstat.out")
	[ "$reads" -eq 3000 ] || fail "$mech: $reads reads counted, expected 3000"
	echo "ok: $mech counted 3000 vfs_read calls"
done
unset BPFKIT_DISABLE
BPFKIT_DISABLE=fentry,kprobes expect_bad_input "no mechanism" "$BPFKIT" vfsstat 1 1
grep -q 'cannot trace vfs_read: fentry vfs_read needs fentry: disabled by BPFKIT_DISABLE; kprobe vfs_read needs kprobes' \
	"$T/bad.err" || fail "message: $(cat "$T/bad.err")"
echo PASS
