# bindsnoop's three ways of seeing a bind(): fentry/fexit, kprobes (fentry
# disabled) and the bind syscall's tracepoints (kprobes disabled too), each
# showing the binder's bind and, with -E, its failed one.
. "$TESTLIB"

for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/binder" 127.0.0.1 reuseaddr 5
	start_tool bindsnoop --verbose -E -p "$PROG_PID"
	wait_for "$T/bindsnoop.out" 'OPTS IF$' 60
	poke
	wait "$PROG_PID" || fail "binder failed"
	port=$(sed -n 's/^port //p' "$T/prog.out")
	wait_for_lines "$T/bindsnoop.out" " binder " 2 60
	stop_tool
	case "$off" in
	"") entry="fentry inet_bind" ret="fexit inet_bind" ;;
	fentry) entry="kprobe inet_bind" ret="kretprobe inet_bind" ;;
	*) entry="tracepoint syscalls:sys_enter_bind" ret="tracepoint syscalls:sys_exit_bind" ;;
	esac
	expect_grep "probe inet_bind: $entry" "$T/bindsnoop.err"
	expect_grep "probe inet_bind return: $ret" "$T/bindsnoop.err"
	expect_grep "^ +0 +$PROG_PID +binder +TCP +127\.0\.0\.1 +$port +\.\.\.R\. +0\$" "$T/bindsnoop.out"
	expect_grep "^-98 +$PROG_PID +binder +TCP +0\.0\.0\.0 +0 +\.\.\.\.\. +0\$" "$T/bindsnoop.out"
	echo "ok: $entry / $ret"
done
echo PASS
