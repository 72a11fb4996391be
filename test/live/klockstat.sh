# klockstat on test/progs/mutexhold: K writer threads each wait at least
# HOLD ms for one pipe's mutex, which a holder thread keeps while its write
# sleeps in a userfaultfd fault.  The caller line of pipe_write (anon_pipe_write
# on 6.18) counts exactly those waits: K contended ones on the tracepoint
# path (this host: no fentry, no kprobes), K+1 acquisitions and K+1 holds,
# one of at least HOLD ms, where the lock functions are traced (the guests,
# test/vm/guest/klockstat.sh); -P, -t, -s, -L, -c, -d, -T, -j; bad input.
# vm: skip (each start loads 25 fentry programs, 15-20 s under TCG: the
# guest test covers the three paths in three runs)
. "$TESTLIB"
K=4 HOLD=40
PW=pipe_write
grep -q ' anon_pipe_write$' /proc/kallsyms && PW=anon_pipe_write

run() { # ARGS... (WRITER: the first writer's TID)
	gated_start "$TESTBIN/mutexhold" $K $HOLD
	wait_for_lines "$T/prog.out" '^writer [0-9]+$' $K
	holder=$(sed -n 's/^holder //p' "$T/prog.out")
	writers=$(sed -n 's/^writer //p' "$T/prog.out")
	writer=$(echo "$writers" | head -n 1)
	for _a; do
		[ "$_a" = WRITER ] && _a=$writer
		set -- "$@" "$_a"
		shift
	done
	start_tool klockstat -p "$PROG_PID" "$@"
	case " $* " in
	*" -j "*) hdr=$T/klockstat.err ;;
	*) hdr=$T/klockstat.out ;;
	esac
	wait_for "$hdr" '^Tracing mutex/sem lock events\.\.\.  Hit Ctrl-C to end$'
	poke
	wait_for "$T/prog.out" '^done$'
	stop_tool
	echo q >&3
	wait "$PROG_PID" || fail "mutexhold failed: $(cat "$T/prog.out")"
}
# json_num FILE KEY: the numbers of "KEY": N in FILE, one a line.
json_num() {
	grep -o "\"$2\": [0-9]*" "$1" | awk '{ print $2 }'
}

run -c "$PW"
out=$T/klockstat.out
if grep -qx 'No fentry or kprobes here: waits of contended locks only, from lock:contention_begin/end; no hold times' "$out"; then
	full=0 acq=$K
	expect_no_grep 'Avg Hold' "$out"
else
	full=1 acq=$((K + 1))
	expect_grep '^                               Caller  Avg Hold    Count   Max Hold   Total Hold$' "$out"
	sed -n '/Avg Hold/,$p' "$out" >"$T/hold"
	expect_grep "^ +$PW\+0x[0-9a-f]+ +[0-9.]+ [a-z ]{2} +$acq +[0-9.]+ (ms|s ) +[0-9.]+ (ms|s )\$" "$T/hold"
fi
expect_grep '^                               Caller  Avg Wait    Count   Max Wait   Total Wait$' "$out"
sed -n '/Avg Wait/,/^$/p' "$out" >"$T/wait"
expect_grep "^ +$PW\+0x[0-9a-f]+ +[0-9.]+ (ms|us|s ) +$acq +[0-9.]+ (ms|s ) +[0-9.]+ (ms|s )\$" "$T/wait"
[ "$(grep -c '+0x' "$T/wait")" -eq 1 ] || fail "-c $PW: other callers: $(cat "$T/wait")"
[ "$(tail -n 1 "$out")" = "Exiting trace of mutex/sem locks" ] || fail "no exit line"
echo "ok: $PW: $acq acquisitions (full path: $full)"

# Exact times by JSON: every waiter waited at least HOLD ms.
run -j -c "$PW"
[ "$(wc -l <"$T/klockstat.out")" -eq 1 ] || fail "-j -c $PW: not one object: $(cat "$T/klockstat.out")"
expect_grep "^\{\"caller\": \"$PW\+0x[0-9a-f]+\", \"stack\": \[\"$PW\+0x[0-9a-f]+\"\], \"wait\": \{\"count\": $acq, " "$T/klockstat.out"
[ "$(json_num "$T/klockstat.out" total_ns | head -n 1)" -ge $((K * HOLD * 1000000)) ] ||
	fail "the waits total less than $K x $HOLD ms: $(cat "$T/klockstat.out")"
[ "$(json_num "$T/klockstat.out" max_pid | head -n 1)" -eq "$PROG_PID" ] || fail "max_pid is not mutexhold's"
if [ $full = 1 ]; then
	expect_grep "\"hold\": \{\"count\": $acq, " "$T/klockstat.out"
	[ "$(json_num "$T/klockstat.out" max_ns | tail -n 1)" -ge $((HOLD * 1000000)) ] || fail "no hold of $HOLD ms"
	[ "$(json_num "$T/klockstat.out" max_tid | tail -n 1)" -eq "$holder" ] || fail "the longest hold is not the holder's"
else
	expect_grep '"hold": null\}$' "$T/klockstat.out"
	expect_grep '^No fentry or kprobes here' "$T/klockstat.err"
fi
echo "ok: -j: $acq waits, at least $K x $HOLD ms in all"

# Per thread: each writer waited at least HOLD ms, in a line of its own.
run -P -j
for w in $writers; do
	grep "^{\"tid\": $w, \"comm\": \"mutexhold\", \"wait\": " "$T/klockstat.out" >"$T/row" || fail "-P: no line for writer $w"
	[ "$(json_num "$T/row" max_ns | head -n 1)" -ge $((HOLD * 1000000)) ] || fail "-P: writer $w waited less than $HOLD ms"
done
echo "ok: -P: every writer waited $HOLD ms or more"

run -P -t WRITER
expect_grep '^                Tid              Comm  Avg Wait    Count   Max Wait   Total Wait$' "$T/klockstat.out"
one=1
[ $full = 1 ] && one="[0-9]+"
expect_grep "^ +$writer  +mutexhold +[0-9.]+ (ms|s ) +$one +" "$T/klockstat.out"
[ "$(grep -c ' mutexhold ' "$T/klockstat.out")" -eq $((1 + full)) ] || fail "-t $writer: other threads"
echo "ok: -P -t $writer: its wait only"

run -s 3 -c "$PW" -T
sed -n '/Avg Wait/,/^$/p' "$T/klockstat.out" >"$T/wait"
expect_grep '^ +vfs_write\+0x[0-9a-f]+$' "$T/wait"
expect_grep "^                              Max PID $PROG_PID, COMM mutexhold, Lock no-ksym \(0x[0-9a-f]+\)\$" "$T/wait"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/klockstat.out"
echo "ok: -s 3 -T"

run -L 0x10
expect_no_grep 'Caller' "$T/klockstat.out"
echo "ok: -L 0x10: no lock of the workload's"
if grep -q ' cgroup_mutex$' /proc/kallsyms; then
	run -L cgroup_mutex -c "$PW"
	expect_no_grep 'Caller' "$T/klockstat.out"
	echo "ok: -L cgroup_mutex: not the pipe's"
fi

start_tool klockstat -d 1 -n 1 -S acq_count,hld_total
wait_tool 20
[ "$TOOL_RC" -eq 0 ] || fail "-d 1: exit status $TOOL_RC"
[ "$(tail -n 1 "$T/klockstat.out")" = "Exiting trace of mutex/sem locks" ] || fail "-d 1: no exit line"
[ "$(grep -c '+0x' "$T/klockstat.out")" -le $((1 + full)) ] || fail "-n 1: more than one line a table"
echo "ok: -d 1 -n 1 -S"

expect_bad_input "an unknown sort field" "$BPFKIT" klockstat -S acq_min
expect_bad_input "two fields of one table" "$BPFKIT" klockstat -S acq_max,acq_count,hld_max
expect_bad_input "no locks to print" "$BPFKIT" klockstat -n 0
expect_bad_input "no stack entries" "$BPFKIT" klockstat -s 0
expect_bad_input "-P with -s" "$BPFKIT" klockstat -P -s 3
expect_bad_input "a lock that is not hex" "$BPFKIT" klockstat -L 0xzz
expect_bad_input "a lock no symbol names" "$BPFKIT" klockstat -L no_such_lock_bpfkit
expect_bad_input "a PID that does not exist" "$BPFKIT" klockstat -p 999999999
expect_bad_input "an argument" "$BPFKIT" klockstat 5
echo PASS
