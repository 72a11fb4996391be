# uthreads on real programs: uthreads -l none sees each of a C program's
# five pthread_create() calls with its start routine and the new thread's
# ID; javathreads each named thread the Java program starts and ends, with
# the pthread that runs it; the language found by itself, -j; an unknown
# language, a process not of the language, a bad PID are refused.
# vm: skip (the guests have no JVM)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

# The program stays until its lines are out: start routines are named from
# its mappings.
gated_start "$TESTBIN/threads_dyn" 5 hold
start_tool uthreads -l none "$PROG_PID"
wait_for "$T/uthreads.out" '^TIME +ID +TYPE +DESCRIPTION'
expect_line "$T/uthreads.out" "Tracing thread events in process $PROG_PID (language: none)... Ctrl-C to quit."
poke
wait_for_lines "$T/uthreads.out" ' pthread ' 5
echo q >&3
wait "$PROG_PID"
stop_tool
n=$(grep -Ec '^[0-9]+\.[0-9]{3} +[0-9]+ +pthread +worker_main \[threads_dyn\] *$' "$T/uthreads.out")
[ "$n" -eq 5 ] || fail "$n of 5 threads starting in worker_main"
tids=$(awk '$3 == "pthread" { print $2 }' "$T/uthreads.out" | sort -u | wc -l)
[ "$tids" -eq 5 ] || fail "$tids distinct thread IDs of 5"
echo "ok: uthreads -l none: 5 pthreads in worker_main, 5 thread IDs"

gated_start "$TESTBIN/threads_dyn" 2 hold
start_tool uthreads -j "$PROG_PID"
wait_for "$T/uthreads.err" '^TIME +ID +TYPE +DESCRIPTION'
expect_line "$T/uthreads.err" "Tracing thread events in process $PROG_PID (language: c)... Ctrl-C to quit."
poke
wait_for_lines "$T/uthreads.out" '"type": "pthread"' 2
echo q >&3
wait "$PROG_PID"
stop_tool
n=$(grep -Ec '^\{"time_s": [0-9.]+, "id": "[0-9]+", "type": "pthread", "description": "worker_main \[threads_dyn\]"\}$' "$T/uthreads.out")
[ "$n" -eq 2 ] || fail "$n of 2 JSON pthread rows"
echo "ok: uthreads -j, language c found by itself: 2 pthreads"

java_start 0 0 3 0
start_tool javathreads "$PROG_PID"
wait_for "$T/javathreads.out" '^TIME +ID +TYPE +DESCRIPTION'
expect_line "$T/javathreads.out" "Tracing thread events in process $PROG_PID (language: java)... Ctrl-C to quit."
poke
wait_for "$T/prog.out" '^done'
wait_for_lines "$T/javathreads.out" ' stop +bpfkit-worker-' 3
stop_tool
lang_finish
for i in 0 1 2; do
	for type in start stop; do
		n=$(grep -Ec "^[0-9.]+ +R=[0-9]+/N=[0-9]+ +$type +bpfkit-worker-$i *\$" "$T/javathreads.out")
		[ "$n" -eq 1 ] || fail "bpfkit-worker-$i: $n $type rows of 1"
	done
	# The thread that runs it is the pthread seen made for it.
	native=$(sed -n "s|^[0-9.]* *R=[0-9]*/N=\([0-9]*\) *start *bpfkit-worker-$i *\$|\1|p" "$T/javathreads.out")
	expect_grep "^[0-9.]+ +$native +pthread +thread_native_entry\(Thread\*\) \[libjvm\.so\]" "$T/javathreads.out"
done
n=$(grep -c 'bpfkit-worker-' "$T/javathreads.out")
[ "$n" -eq 6 ] || fail "$n worker rows of 6"
echo "ok: javathreads: 3 named threads started and stopped, each on the pthread made for it"

gated_start "$TESTBIN/threads_dyn" 1
expect_bad_input "not a java process" "$BPFKIT" javathreads "$PROG_PID"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null
gated_start "$TESTBIN/sleeper" 60
expect_bad_input "not a c process (static)" "$BPFKIT" uthreads -l c "$PROG_PID"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null
expect_bad_input "unknown language" "$BPFKIT" uthreads -l ruby $$
expect_bad_input "bad PID" "$BPFKIT" uthreads 999999999
echo PASS
