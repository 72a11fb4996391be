# futexctn on a program whose waiter thread waits on a pthread mutex the
# main thread holds exactly N times, and a second waiter on a second mutex
# N/2 times (test/progs/contender): each lock line says its count, and the
# user stack names the waiter's function (waiter: the unwinder sees libc's
# lock wait, then its caller's caller); -s (per process, no stack), -l
# (this lock, not the other; another lock), -t (this thread, not the
# other), -m -T, -j; the raw sys_enter/sys_exit fallback; bad input is one
# line.
. "$TESTLIB"
N=20

run() { # ARGS... (LOCK and TID: the program's)
	gated_start "$TESTBIN/contender" $N
	wait_for "$T/prog.out" '^waiter [0-9]+$'
	lock=$(sed -n 's/^lock //p' "$T/prog.out")
	tid=$(sed -n 's/^waiter //p' "$T/prog.out")
	lock2=$(sed -n 's/^lock2 //p' "$T/prog.out")
	tid2=$(sed -n 's/^waiter2 //p' "$T/prog.out")
	for _a; do
		case $_a in LOCK) _a=$lock ;; TID) _a=$tid ;; esac
		set -- "$@" "$_a"
		shift
	done
	start_tool futexctn -p "$PROG_PID" "$@"
	case " $* " in
	*" -j "*) hdr=$T/futexctn.err ;;
	*) hdr=$T/futexctn.out ;;
	esac
	wait_for "$hdr" '^Summarize futex contention latency, hit ctrl-c to exit$'
	poke
	wait_for "$T/prog.out" '^done$'
	stop_tool
	echo q >&3
	wait "$PROG_PID" || fail "contender failed: $(cat "$T/prog.out")"
}
# locks FILE: the lock lines.
locks() {
	grep -c ' lock 0x[0-9a-f]* contended ' "$1"
}

for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	run
	expect_grep "^contender\[$tid\] lock $lock contended $N times, [0-9]+ avg usecs \[max: [0-9]+ usecs, min [0-9]+ usecs\]\$" "$T/futexctn.out"
	expect_grep "^contender\[$tid2\] lock $lock2 contended $((N / 2)) times, " "$T/futexctn.out"
	[ "$(locks "$T/futexctn.out")" -eq 2 ] || fail "expected the two locks' lines"
	sed -n "/^contender\[$tid\] lock $lock /,/^     usecs/p" "$T/futexctn.out" >"$T/stack"
	expect_grep '^    -$' "$T/stack"
	expect_grep '^    waiter$' "$T/stack"
	sed -n "/^contender\[$tid\] lock $lock /,/^\$/p" "$T/futexctn.out" |
		awk '/ -> / { s += $5 } END { exit s != '$N' }' || fail "the histogram does not count $N waits"
	echo "ok: ${off:-tracepoints}${off:+ off}: $N waits on $lock by $tid, through waiter"
done
unset BPFKIT_DISABLE

run -s -l LOCK
expect_grep "^contender\[$PROG_PID\] lock $lock contended $N times, " "$T/futexctn.out"
[ "$(locks "$T/futexctn.out")" -eq 1 ] || fail "-l $lock: other locks"
expect_no_grep " lock $lock2 " "$T/futexctn.out"
expect_no_grep '^    -$' "$T/futexctn.out"
echo "ok: -s -l $lock"

run -l 0x10
[ "$(locks "$T/futexctn.out")" -eq 0 ] || fail "-l 0x10 showed locks"
echo "ok: -l 0x10 shows none"

run -t TID -m -T
expect_grep "^contender\[$tid\] lock $lock contended $N times, [0-9]+ avg msecs " "$T/futexctn.out"
[ "$(locks "$T/futexctn.out")" -eq 1 ] || fail "-t $tid: other threads' locks"
expect_no_grep "^contender\[$tid2\]" "$T/futexctn.out"
expect_grep '^     msecs               : count     distribution$' "$T/futexctn.out"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/futexctn.out"
echo "ok: -t -m -T"

run -j -t TID
expect_grep "^\{\"comm\": \"contender\", \"tid\": $tid, \"lock\": \"$lock\", \"contended\": $N, \"avg\": [0-9]+, \"max\": [0-9]+, \"min\": [0-9]+, \"user_stack\": \[[^]]*\"waiter\"[^]]*\], \"val_type\": \"usecs\", \"data\": \[" "$T/futexctn.out"
echo "ok: -j"

expect_bad_input "a lock that is not hex" "$BPFKIT" futexctn -l 0xzz
expect_bad_input "a stack depth of 0" "$BPFKIT" futexctn --perf-max-stack-depth 0
expect_bad_input "a PID that does not exist" "$BPFKIT" futexctn -p 999999999
