# trace on kprobes (the kernels of the VM tier have them): do_sys_openat2's
# return value for a test program's opens, -2 (ENOENT) for a missing path
# and a descriptor for a present one; a kprobe's argument with a predicate;
# C's types at a kprobe (unsigned argN, a signed loff_t parameter).
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
# C's types at a kprobe: /dev/null's llseek (vfs_llseek is inlined in
# ksys_lseek on 6.12) has the offset as arg2, an unsigned long as in BCC
# (-1 is above 100), and by the signature's name a loff_t (signed).
# lseeks_dyn seeks by -1 x3, 0x80000000 x2, 0 x5, 50 x7 and 200 x11.
gated_start "$TESTBIN/lseeks_dyn"
start_tool trace -p "$PROG_PID" 'null_lseek (arg2 > 100) "gt100 %llx", arg2' \
	'null_lseek(void *file, loff_t offset, int orig) (offset < 0) "neg %lld", offset'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
stop_tool
for row in '3 gt100 ffffffffffffffff' '2 gt100 80000000' '11 gt100 c8' '3 neg -1'; do
	got=$(grep -Ec "^$PROG_PID +$PROG_PID +lseeks_dyn +null_lseek +${row#* }\$" "$T/trace.out")
	[ "$got" -eq "${row%% *}" ] || fail "null_lseek '${row#* }': $got rows, expected ${row%% *}"
done
[ "$(grep -c ' null_lseek ' "$T/trace.out")" -eq 19 ] || fail "expected 19 rows"
echo "ok: null_lseek: unsigned arg2, signed loff_t offset"
expect_bad_input "no such kernel function" "$BPFKIT" trace 'bpfkit_no_such_function "%d", arg1'
echo PASS
