# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# wqlat on work the test queues: N O_DIRECT writes to a loop device the test
# makes are N requests on that device's own workqueue (loopN), each queued
# as its work item unless the item is still pending from the one before (a
# run of the worker then takes both: 23-25 of 25 measured), so -W -w loopN
# shows 1 to N in one "wqname = loopN" section; -w of another name counts
# none; -N, -j, the raw_tp fallback; bad input is one line.
. "$TESTLIB"
N=25 S=8192
loop_mount

run() { # ARGS...
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool wqlat "$@"
	case " $* " in
	*" -j "*) hdr=$T/wqlat.err ;;
	*) hdr=$T/wqlat.out ;;
	esac
	wait_for "$hdr" '^Tracing work queue request latency time\.\.\. Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}
# sum FILE: the counts of a histogram's rows.
sum() {
	awk '/ -> / { s += $5 } END { print s + 0 }' "$1"
}
# items FILE WHAT: the rows of FILE count the workload's work items.
items() {
	_n=$(sum "$1")
	[ "$_n" -ge 1 ] && [ "$_n" -le $N ] || fail "$2: $_n work items, expected 1 to $N"
}

run -W -w "$LOOP_NAME"
expect_grep "^wqname = $LOOP_NAME\$" "$T/wqlat.out"
expect_grep '^     usecs               : count     distribution$' "$T/wqlat.out"
[ "$(grep -c '^wqname = ' "$T/wqlat.out")" -eq 1 ] || fail "-w $LOOP_NAME: expected one section"
items "$T/wqlat.out" "-W -w $LOOP_NAME"
echo "ok: -W -w $LOOP_NAME: $(sum "$T/wqlat.out") work items for $N writes"

# Every workqueue: the loop device's among them, with its items.
run -W -T
sed -n "/^wqname = $LOOP_NAME\$/,/^\$/p" "$T/wqlat.out" >"$T/section"
items "$T/section" "-W, under $LOOP_NAME"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/wqlat.out"
echo "ok: -W -T"

run -w "${LOOP_NAME}x"
[ "$(sum "$T/wqlat.out")" -eq 0 ] || fail "-w ${LOOP_NAME}x counted work"
echo "ok: -w ${LOOP_NAME}x counts none"

BPFKIT_DISABLE=tp_btf run -N -w "$LOOP_NAME"
unset BPFKIT_DISABLE
expect_grep '^     nsecs               : count     distribution$' "$T/wqlat.out"
items "$T/wqlat.out" "-N via raw_tp"
echo "ok: -N through raw_tp"

run -j -W -w "$LOOP_NAME"
expect_grep "\"val_type\": \"usecs\".*\"wqname\": \"$LOOP_NAME\"" "$T/wqlat.out"
echo "ok: -j"

expect_bad_input "a workqueue name of 24 characters" "$BPFKIT" wqlat -w abcdefghijklmnopqrstuvwx
expect_bad_input "-N with -m" "$BPFKIT" wqlat -N -m
expect_bad_input "an interval that is not a number" "$BPFKIT" wqlat 1s
