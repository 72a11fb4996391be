# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biolatency on a loop device the test makes: the counts of exactly N
# O_DIRECT writes sum to N, under the disk's name with -D, under the
# writes' flags with -F, in -e's count and in -j's objects; bad input is
# one line.
. "$TESTLIB"
N=23 S=8192
loop_mount

# run ARGS...: biolatency ARGS -d the loop device around N writes, stopped
# once the workload ended.  Each write's completion is counted before the
# kernel wakes the writer (block_rq_complete comes before the bio's end),
# so by then all N are in the histogram Ctrl-C prints.
run() {
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool biolatency "$@" -d "$LOOP_NAME"
	case " $* " in
	*" -j "*) hdr=$T/biolatency.err ;;
	*) hdr=$T/biolatency.out ;;
	esac
	wait_for "$hdr" '^Tracing block device I/O\.\.\. Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}
# counted FILE: the sum of a text histogram's counts.
counted() {
	awk '/^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|/ { s += $5 } END { print s + 0 }' "$1"
}
expect_count() { # WHAT
	_n=$(counted "$T/biolatency.out")
	[ "$_n" -eq $N ] || fail "$1 counted $_n I/Os, expected $N"
}

run
expect_count "biolatency"
expect_grep '^     usecs               : count     distribution$' "$T/biolatency.out"
expect_no_grep ' = ' "$T/biolatency.out"
echo "ok: $N I/Os"

run -D -e
expect_count "-D"
[ "$(grep -c ' = ' "$T/biolatency.out")" -eq 2 ] || fail "expected one disk section and the -e line"
expect_grep "^disk = $LOOP_NAME\$" "$T/biolatency.out"
expect_grep "^avg = [0-9]+ usecs, total: [0-9]+ usecs, count: $N\$" "$T/biolatency.out"
echo "ok: -D -e: $N I/Os under disk = $LOOP_NAME"

# O_DIRECT writes are synchronous and idle (REQ_SYNC | REQ_IDLE).
run -F -Q -m -T
expect_count "-F"
expect_grep '^flags = Idle-Sync-Write$' "$T/biolatency.out"
[ "$(grep -c '^flags = ' "$T/biolatency.out")" -eq 1 ] || fail "expected one flags section"
expect_grep '^     msecs               : count     distribution$' "$T/biolatency.out"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/biolatency.out"
echo "ok: -F -Q -m -T: $N I/Os under flags = Idle-Sync-Write"

# Only the programs a run needs: the issue without -Q; with -Q the
# request's start (block_io_start where the kernel has it; with tp_btf
# disabled the first bio's block_bio_queue, raw_tp) and no issue.
run --verbose
expect_count "biolatency --verbose"
expect_grep '^biolatency: debug: probe block_rq_issue: tp_btf block_rq_issue$' "$T/biolatency.err"
expect_no_grep 'debug: probe block I/O start' "$T/biolatency.err"
for mech in "$BLOCK_START" "raw_tp block_bio_queue"; do
	case $mech in raw_tp*) export BPFKIT_DISABLE=tp_btf ;; *) unset BPFKIT_DISABLE ;; esac
	run --verbose -Q
	expect_count "-Q ($mech)"
	expect_grep "^biolatency: debug: probe block I/O start: $mech\$" "$T/biolatency.err"
	expect_no_grep 'debug: probe block_rq_issue' "$T/biolatency.err"
	echo "ok: -Q from $mech: $N I/Os, the issue not traced"
done
unset BPFKIT_DISABLE

run -j -D
[ "$(grep -c '^{' "$T/biolatency.out")" -eq 1 ] || fail "expected one JSON histogram"
expect_grep "\"val_type\": \"usecs\"" "$T/biolatency.out"
expect_grep "\"disk\": \"$LOOP_NAME\"" "$T/biolatency.out"
sum=$(grep -Eo '"count": [0-9]+' "$T/biolatency.out" | awk '{ s += $2 } END { print s + 0 }')
[ "$sum" -eq $N ] || fail "-j counted $sum, expected $N"
echo "ok: -j -D"

# An interval and a count: ends by itself after one summary.
start_tool biolatency -d "$LOOP_NAME" 1 1
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "biolatency 1 1 exited $TOOL_RC"
echo "ok: 1 1 ends by itself"

expect_bad_input "unknown disk" "$BPFKIT" biolatency -d nosuchdisk0
expect_grep "no such disk 'nosuchdisk0'" "$T/bad.err"
expect_bad_input "-D with -F" "$BPFKIT" biolatency -D -F
expect_bad_input "an interval that is not a number" "$BPFKIT" biolatency one
expect_bad_input "a count that is not a number" "$BPFKIT" biolatency 1 x
