# capable, through each mechanism the kernel has (fentry and kprobe in the
# VM tier, the capability:cap_capable tracepoint on 6.15+ such as this
# host): a workload making 7 CAP_SYS_NICE checks (lowering its nice value
# with RLIMIT_NICE at 0) is seen exactly 7 times with -p, audited (AUDIT 1)
# where the mechanism knows, N/A from the tracepoint; chown to another user
# is a CAP_CHOWN check with its kernel stack (-K) and TID column (-x).  A
# kernel with none of them gets one line naming all three.
. "$TESTLIB"

paths=0 tested=""
for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	# Which mechanism this kernel gives, without tracing anything.
	if ! "$BPFKIT" capable --ebpf >"$T/select.out" 2>"$T/select.err"; then
		grep -q 'cannot trace cap_capable:' "$T/select.err" || fail "capable --ebpf failed: $(cat "$T/select.err")"
		echo "ok: no mechanism left with ${off:-nothing} disabled"
		continue
	fi
	mech=$(sed -n 's/^; program cap_[a-z]* (\([a-z_]*\) .*/\1/p' "$T/select.out")
	case "$mech" in
	fentry | kprobe) audit=1 ;;
	tracepoint) audit=N/A ;;
	*) fail "unexpected mechanism '$mech': $(grep '^; program' "$T/select.out")" ;;
	esac
	case " $tested " in *" $mech "*) continue ;; esac
	tested="$tested $mech"
	paths=$((paths + 1))
	gated_start "$TESTBIN/nicer" 7
	start_tool capable -p "$PROG_PID"
	wait_for "$T/capable.out" '^TIME +UID +PID +COMM +CAP +NAME +AUDIT *$'
	poke
	wait "$PROG_PID" || fail "nicer failed"
	# The workload's last check comes before its exit, which capable sees
	# (CAP_SYS_NICE is no part of an exit): wait for the count, bounded.
	wait_for_lines "$T/capable.out" "^[0-9:]{8} +[0-9]+ +$PROG_PID +nicer +23 +CAP_SYS_NICE +$audit *\$" 7
	stop_tool
	n=$(awk -v p="$PROG_PID" '$3 == p && $6 == "CAP_SYS_NICE"' "$T/capable.out" | wc -l)
	[ "$n" -eq 7 ] || fail "$mech: $n CAP_SYS_NICE checks of nicer, expected 7"
	if [ "$mech" = tracepoint ]; then
		expect_grep 'warning: the capability:cap_capable tracepoint does not say whether a check is audited' "$T/capable.err"
	fi
	echo "ok: $mech: 7 CAP_SYS_NICE checks with -p, AUDIT $audit"

	# -p: system-wide, a flood of other checks (from the tracepoint, the
	# unaudited ones too) can fill the buffer, stacks being large.
	# A shell that becomes chown once poked: its PID is chown's.
	touch "$T/f"
	rm -f "$T/chgate"
	mkfifo "$T/chgate"
	sh -c 'read x <"$1"; exec chown 1234 "$2"' sh "$T/chgate" "$T/f" &
	cpid=$!
	BG_PIDS="$BG_PIDS $cpid"
	start_tool capable -K -x -p "$cpid"
	wait_for "$T/capable.out" '^TIME +UID +PID +TID +COMM +CAP +NAME +AUDIT +INSETID$'
	echo go >"$T/chgate"
	wait "$cpid" || fail "chown failed"
	wait_for "$T/capable.out" " CAP_CHOWN "
	stop_tool
	expect_grep "^[0-9:]{8} +0 +$cpid +$cpid +[^ ]+ +0 +CAP_CHOWN +$audit +([01]|N/A)\$" "$T/capable.out"
	awk '/ 0 +CAP_CHOWN / { s = 1; next } s && /^        / { print; next } { s = 0 }' "$T/capable.out" >"$T/stack"
	grep -Eq 'chown|setattr|notify_change|capable' "$T/stack" || fail "$mech: no kernel stack under the CAP_CHOWN line: $(cat "$T/capable.out")"
	echo "ok: $mech: chown's CAP_CHOWN check, with $(wc -l <"$T/stack") kernel frames"
done
unset BPFKIT_DISABLE
if [ "$paths" -eq 0 ]; then
	expect_bad_input "no mechanism" "$BPFKIT" capable
	expect_grep 'fentry cap_capable needs fentry: .*kprobe cap_capable needs kprobes: .*tracepoint capability:cap_capable needs' "$T/bad.err"
fi
expect_bad_input "bad pid" "$BPFKIT" capable -p 0
echo PASS
