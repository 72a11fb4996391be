# klockstat by fentry (text), by kprobes (fentry disabled, -j) and by the
# lock:contention_* tracepoints (fentry and kprobes disabled, -j) on
# test/progs/mutexhold: K writers wait at least HOLD ms each for a pipe's
# mutex that a holder keeps in a userfaultfd fault.  By fentry and kprobes:
# K+1 acquisitions and K+1 holds from pipe_write, the longest hold (at
# least HOLD ms) the holder's; by the tracepoints: K contended waits, no
# holds; on 5.10, which has no such tracepoints, one line naming them.
# Before 5.11 the unwinder stops at kretprobe_trampoline (the kretprobe has
# replaced the return address when the kprobe takes the stack): every line
# of the kprobe path is that caller there, so all the workload's locking is
# one line, of at least K+1 acquisitions.  And 5.10 keeps one kretprobe
# instance in flight per function per CPU (no CONFIG_PREEMPTION, one vCPU),
# taken by whichever task of the machine enters mutex_lock first: of the
# writers sleeping there at once at most one is seen returning, and at
# times none (CI: waits of 0.16 ms at most, the holder's 45.8 ms hold
# seen), so there a hold of HOLD ms and some waits are asserted.
# Then an rwsem: mutexhold on a file, whose inode's i_rwsem the holder's
# write keeps while it faults (by fentry).
# live/klockstat.sh has the options (it skips the guests: each start
# loads 25 fentry programs, 15-20 s under TCG).
. "$TESTLIB"
K=3 HOLD=40
PW=pipe_write
grep -q ' anon_pipe_write$' /proc/kallsyms && PW=anon_pipe_write
json_num() { # FILE KEY
	grep -o "\"$2\": [0-9]*" "$1" | awk '{ print $2 }'
}

for off in none fentry fentry,kprobes; do
	export BPFKIT_DISABLE=$off
	j=-j hdr=$T/klockstat.err
	[ $off = none ] && j= hdr=$T/klockstat.out
	if [ $off = fentry,kprobes ] && [ ! -d /sys/kernel/tracing/events/lock/contention_begin ]; then
		expect_bad_input "no lock tracepoints" "$BPFKIT" klockstat
		grep -q '^klockstat: cannot trace mutex and rwsem locks: this kernel has neither fentry nor kprobes (disabled by BPFKIT_DISABLE), nor the lock:contention_begin tracepoint (Linux 5.19 and later)$' "$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
		continue
	fi
	gated_start "$TESTBIN/mutexhold" $K $HOLD
	wait_for_lines "$T/prog.out" '^writer [0-9]+$' $K
	holder=$(sed -n 's/^holder //p' "$T/prog.out")
	caller=$PW
	[ $off = fentry ] && [ "$(uname -r | cut -d. -f1-2)" = 5.10 ] && caller=kretprobe_trampoline
	start_tool klockstat $j -p "$PROG_PID" -c "$caller"
	wait_for "$hdr" '^Tracing mutex/sem lock events\.\.\.  Hit Ctrl-C to end$' 120
	poke
	wait_for "$T/prog.out" '^done$' 60
	stop_tool
	echo q >&3
	wait "$PROG_PID" || fail "mutexhold failed: $(cat "$T/prog.out")"
	out=$T/klockstat.out
	if [ $off = none ]; then
		expect_grep "^ +$PW\+0x[0-9a-f]+ +[0-9.]+ (ms|us|s ) +$((K + 1)) +[0-9.]+ (ms|s ) +[0-9.]+ (ms|s )\$" "$out"
		sed -n '/Avg Hold/,$p' "$out" >"$T/hold"
		expect_grep '^                               Caller  Avg Hold    Count   Max Hold   Total Hold$' "$T/hold"
		expect_grep "^ +$PW\+0x[0-9a-f]+ +[0-9.]+ [a-z ]{2} +$((K + 1)) +[0-9.]+ (ms|s ) +[0-9.]+ (ms|s )\$" "$T/hold"
		echo "ok: fentry: $(grep "$PW" "$out" | tr -s ' ' | tr '\n' '|')"
		continue
	fi
	if [ $caller = kretprobe_trampoline ]; then
		# A line per lock function's stack: the longest wait and hold.
		expect_grep '^\{"caller": "kretprobe_trampoline\+0x0", ' "$out"
		sed 's/.*"wait": {[^}]*"max_ns": \([0-9]*\), .*"hold": {[^}]*"max_ns": \([0-9]*\), .*/\1 \2/' "$out" |
			awk -v h=$((HOLD * 1000000)) '{ if ($1 > w) w = $1; if ($2 > m) m = $2 }
				END { exit !(w > 0 && m >= h) }' || fail "kprobes on 5.10: $(cat "$out")"
		echo "ok: $off off: $(cut -c1-160 "$out")"
		continue
	fi
	[ "$(wc -l <"$out")" -eq 1 ] || fail "$off off: not one object: $(cat "$out")"
	[ "$(json_num "$out" total_ns | head -n 1)" -ge $((K * HOLD * 1000000)) ] || fail "$off off: waits: $(cat "$out")"
	if [ $off = fentry ]; then
		expect_grep "^\{\"caller\": \"$PW\+0x[0-9a-f]+\", .*\"wait\": \{\"count\": $((K + 1)), .*\"hold\": \{\"count\": $((K + 1)), " "$out"
		[ "$(json_num "$out" max_ns | tail -n 1)" -ge $((HOLD * 1000000)) ] || fail "kprobes: no hold of $HOLD ms"
		[ "$(json_num "$out" max_tid | tail -n 1)" -eq "$holder" ] || fail "kprobes: the longest hold is not the holder's"
	else
		expect_grep "^\{\"caller\": \"$PW\+0x[0-9a-f]+\", .*\"wait\": \{\"count\": $K, .*\"hold\": null\}\$" "$out"
		expect_grep '^No fentry or kprobes here' "$T/klockstat.err"
	fi
	echo "ok: $off off: $(cut -c1-160 "$out")"
done
unset BPFKIT_DISABLE

# An rwsem: the same workload writing to a file, whose write holds the
# inode's i_rwsem (down_write, taken by the file system's write_iter) while
# it faults the buffer in: K+2 acquisitions from there (the holder's, the K
# writers', and the "done" line into prog.out, a file of the same file
# system), the longest wait at least HOLD ms, the longest hold the holder's.
# The guests' /tmp is tmpfs: its own write_iter from 6.6 on.
wi=generic_file_write_iter
grep -q ' shmem_file_write_iter$' /proc/kallsyms && wi=shmem_file_write_iter
gated_start "$TESTBIN/mutexhold" $K $HOLD "$T/held"
wait_for_lines "$T/prog.out" '^writer [0-9]+$' $K
start_tool klockstat -j -p "$PROG_PID" -c $wi
wait_for "$T/klockstat.err" '^Tracing mutex/sem lock events\.\.\.  Hit Ctrl-C to end$' 120
poke
wait_for "$T/prog.out" '^done$' 60
stop_tool
echo q >&3
wait "$PROG_PID" || fail "mutexhold on a file failed: $(cat "$T/prog.out")"
[ "$(wc -l <"$T/klockstat.out")" -eq 1 ] || fail "rwsem: not one line of $wi: $(cat "$T/klockstat.out")"
line=$(grep -E "^\{\"caller\": \"$wi\+0x[0-9a-f]+\", .*\"wait\": \{\"count\": $((K + 2)), " "$T/klockstat.out") ||
	fail "rwsem: no $wi line with $((K + 2)) acquisitions: $(cat "$T/klockstat.out")"
echo "$line" >"$T/rw"
[ "$(json_num "$T/rw" max_ns | head -n 1)" -ge $((HOLD * 1000000)) ] || fail "rwsem: no wait of $HOLD ms: $line"
[ "$(json_num "$T/rw" max_ns | tail -n 1)" -ge $((HOLD * 1000000)) ] || fail "rwsem: no hold of $HOLD ms: $line"
[ "$(json_num "$T/rw" max_tid | tail -n 1)" -eq "$(sed -n 's/^holder //p' "$T/prog.out")" ] ||
	fail "rwsem: the longest hold is not the holder's: $line"
echo "ok: rwsem: $(echo "$line" | cut -c1-160)"
echo PASS
