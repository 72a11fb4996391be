# solisten's three ways of seeing a listen(): fentry, kprobe (fentry
# disabled) and the listen syscall's tracepoint (kprobes disabled too), each
# showing the binder's listen with its backlog and port.
. "$TESTLIB"

for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/binder" 127.0.0.1 none 9
	start_tool solisten --verbose -p "$PROG_PID"
	wait_for "$T/solisten.out" 'ADDR +$' 60
	poke
	wait "$PROG_PID" || fail "binder failed"
	port=$(sed -n 's/^port //p' "$T/prog.out")
	wait_for "$T/solisten.out" " $port " 60
	stop_tool
	case "$off" in
	"") mech="fentry inet_listen" ;;
	fentry) mech="kprobe inet_listen" ;;
	*) mech="tracepoint syscalls:sys_enter_listen" ;;
	esac
	expect_grep "probe inet_listen: $mech" "$T/solisten.err"
	expect_grep "^$PROG_PID +binder +TCPv4 +9 +$port +127\.0\.0\.1 +\$" "$T/solisten.out"
	echo "ok: $mech"
done
echo PASS
