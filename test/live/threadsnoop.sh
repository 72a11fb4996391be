# threadsnoop: a dynamically linked test program's three pthread_create()
# calls, each naming its start routine; -p on a static program finds the
# pthread_create inside the binary itself.
. "$TESTLIB"

# The program stays until its three lines are out: a start routine is
# named from the process's mappings, which go with it (as in BCC).
gated_start "$TESTBIN/threads_dyn" 3 hold
start_tool threadsnoop
wait_for "$T/threadsnoop.out" '^TIME\(ms\) +PID +COMM +FUNC$'
poke
wait_for_lines "$T/threadsnoop.out" "^[0-9]+ +$PROG_PID +threads_dyn +[^ ]+$" 3
echo q >&3
wait "$PROG_PID"
stop_tool
n=$(grep -Ec "^[0-9]+ +$PROG_PID +threads_dyn +worker_main$" "$T/threadsnoop.out")
[ "$n" -eq 3 ] || fail "$n of 3 thread creations: $(cat "$T/threadsnoop.out")"
echo "ok: 3 threads starting in worker_main"

gated_start "$TESTBIN/exiter" thread:0
start_tool threadsnoop -p "$PROG_PID"
wait_for "$T/threadsnoop.out" '^TIME\(ms\)'
poke
wait "$PROG_PID"
stop_tool
expect_grep "^[0-9]+ +$PROG_PID +exiter +quit$" "$T/threadsnoop.out"
echo "ok: static binary's own pthread_create"
expect_bad_input "bad library" "$BPFKIT" threadsnoop -l nosuchlib
echo PASS
