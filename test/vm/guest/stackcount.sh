# stackcount on Debian's kernels: kernel stacks at a tracepoint, and a
# kprobe's stacks with the workload's read path in them.
. "$TESTLIB"

"$BPFKIT" stackcount -K -D 1 t:sched:sched_switch >"$T/sw.out" 2>&1 || fail "stackcount -K t:sched:sched_switch"
expect_grep '^  __schedule' "$T/sw.out"

gated_start "$TESTBIN/reads" 500
start_tool stackcount -K -p "$PROG_PID" vfs_read
wait_for "$T/stackcount.out" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
# The reads come through the read syscall into vfs_read, 500 times.
awk '/^  vfs_read/ { s = 1; n = 0 } s && /ksys_read|__x64_sys_read/ { hit = 1 } s && /^    [0-9]+$/ { if (hit) t += $1; s = hit = 0 } END { print t + 0 }' \
	"$T/stackcount.out" >"$T/total"
[ "$(cat "$T/total")" -eq 500 ] || fail "vfs_read stacks via the read syscall: $(cat "$T/total"), expected 500"
echo PASS
