# reset-trace on kernels with kprobes: a stray kprobe event is cleared and
# -v's whole output is exact; ftrace files another tracer may use (a
# function filter, an enabled event, tracing_on off) are reported, left
# without -F and reset with -F, every line exact.
. "$TESTLIB"

TFS=/sys/kernel/tracing
[ -d "$TFS/events" ] || fail "no tracefs at $TFS"
tidy() {
	echo 0 >"$TFS/events/sched/sched_switch/enable"
	echo >"$TFS/set_ftrace_filter"
	echo 1 >"$TFS/tracing_on"
	echo >"$TFS/kprobe_events"
}
at_exit tidy

# run NAME ARGS...: reset-trace ARGS, output in $T/NAME.out, exit status 0
# and nothing on stderr.
run() {
	_n=$1
	shift
	"$BPFKIT" reset-trace "$@" >"$T/$_n.out" 2>"$T/$_n.err" || fail "reset-trace $*: exit status $?: $(cat "$T/$_n.err")"
	[ ! -s "$T/$_n.err" ] || fail "reset-trace $* wrote to stderr: $(cat "$T/$_n.err")"
}
# same NAME: $T/NAME.out is $T/want.
same() {
	cmp -s "$T/want" "$T/$1.out" || fail "reset-trace's output differs (- wanted, + got):
$(diff "$T/want" "$T/$1.out")"
}

# From the defaults, whatever the tests before left.
run first -F -q
[ ! -s "$T/first.out" ] || fail "-F -q printed: $(cat "$T/first.out")"

echo 'p:bpfkit_stray do_sys_openat2' >>"$TFS/kprobe_events" || fail "cannot add a kprobe event"
grep -qx 'p:kprobes/bpfkit_stray do_sys_openat2' "$TFS/kprobe_events" || fail "kprobe_events: $(cat "$TFS/kprobe_events")"
run v -v
! grep -q bpfkit_stray "$TFS/kprobe_events" || fail "bpfkit_stray still in kprobe_events"
{
	echo "Resetting the tracing state in $TFS"
	echo "Checking $TFS/kprobe_events"
	echo "Cleared $TFS/kprobe_events (1 line)"
	printf '%6d\t%s\n' 1 'p:kprobes/bpfkit_stray do_sys_openat2'
	for f in uprobe_events trace current_tracer set_ftrace_filter set_ftrace_notrace set_graph_function \
		set_ftrace_pid events/enable tracing_thresh tracing_on; do
		echo "Checking $TFS/$f"
	done
	echo "Done."
} >"$T/want"
same v
echo "ok: -v cleared the stray kprobe"

# Another session's state, as far as reset-trace can tell.
echo 0 >"$TFS/tracing_on"
echo vfs_read >"$TFS/set_ftrace_filter" || fail "cannot set set_ftrace_filter"
echo 1 >"$TFS/events/sched/sched_switch/enable" || fail "cannot enable sched_switch"
run left
{
	echo "Left $TFS/set_ftrace_filter as it is: \"vfs_read\", not empty (-F resets it)"
	echo "Left $TFS/events/enable as it is: \"X\", not \"0\" (-F resets it)"
	echo "Left $TFS/tracing_on as it is: \"0\", not \"1\" (-F resets it)"
} >"$T/want"
same left
[ "$(cat "$TFS/tracing_on")" = 0 ] || fail "tracing_on reset without -F"
echo "ok: without -F: $(wc -l <"$T/left.out") files reported and left"

run forced -F
{
	echo "Cleared $TFS/set_ftrace_filter (1 line)"
	echo "Set $TFS/events/enable to \"0\" (it was \"X\")"
	echo "Set $TFS/tracing_on to \"1\" (it was \"0\")"
} >"$T/want"
same forced
[ "$(cat "$TFS/tracing_on")" = 1 ] && [ "$(cat "$TFS/events/enable")" = 0 ] &&
	! grep -q '^[^#]' "$TFS/set_ftrace_filter" || fail "-F left tracing_on, events/enable or set_ftrace_filter"
echo "ok: -F reset them"
