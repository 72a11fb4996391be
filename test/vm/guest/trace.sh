# trace on kprobes (the kernels of the VM tier have them): do_sys_openat2's
# return value for a test program's opens, -2 (ENOENT) for a missing path
# and a descriptor for a present one; a kprobe's argument with a predicate.
. "$TESTLIB"

gated_start "$TESTBIN/opener" /nonexistent-trace-path /tests/lib.sh
start_tool trace -p "$PROG_PID" 'r::do_sys_openat2 "ret: %d", retval'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC +-$'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +opener +do_sys_openat2 +ret: -2$"
stop_tool
fd=$(sed -n 's|^/tests/lib.sh \([0-9]*\) 0$|\1|p' "$T/prog.out")
expect_grep "^$PROG_PID +$PROG_PID +opener +do_sys_openat2 +ret: $fd$" "$T/trace.out"
echo "ok: do_sys_openat2 returned -2 and $fd"

# First argument of do_sys_openat2 is the directory fd: AT_FDCWD (-100).
gated_start "$TESTBIN/opener" /tests/lib.sh
start_tool trace -p "$PROG_PID" 'do_sys_openat2 ((int)arg1 == -100) "dfd %d", arg1'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +opener +do_sys_openat2 +dfd -100$"
stop_tool

# A kernel struct through BTF from the signature: the sleeper's
# hrtimer_sleeper points at its own task, checked in the kernel too.
gated_start "$TESTBIN/sleeper" 2 10
start_tool trace -p "$PROG_PID" 'do_nanosleep(struct hrtimer_sleeper *t) (t->task == $task) "task: %llx %d", t->task, t->task->tgid'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +sleeper +do_nanosleep +task: [0-9a-f]{8,} $PROG_PID\$"
stop_tool
[ "$(grep -c ' do_nanosleep ' "$T/trace.out")" -eq 2 ] || fail "expected 2 sleeps"
echo "ok: t->task (BTF)"
expect_bad_input "no such kernel function" "$BPFKIT" trace 'bpfkit_no_such_function "%d", arg1'
echo PASS
