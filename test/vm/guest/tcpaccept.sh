# tcpaccept.s three ways of seeing an accept: fentry/fexit, kprobes
# (fentry disabled) and the tracepoints of kernels with neither (kprobes
# disabled too), each showing the same N connections over loopback.
. "$TESTLIB"

ip link set lo up 2>/dev/null
N=2
for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	# The server accepts once the gate opens, after tracing began: a
	# return probe misses an accept() already waiting when it attached.
	rm -f "$T/sgate"
	mkfifo "$T/sgate"
	exec 4<>"$T/sgate"
	"$TESTBIN/tcpserver" 127.0.0.1 8 "$N" 1 gate <&4 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" "$N" 1 1
	start_tool tcpaccept --verbose -P "$port"
	wait_for "$T/tcpaccept.out" 'LPORT$' 60
	echo go >&4
	poke
	wait "$PROG_PID" || fail "tcpclient failed"
	wait "$srv" || fail "tcpserver failed"
	wait_for_lines "$T/tcpaccept.out" " $port\$" "$N" 60
	stop_tool
	case "$off" in
	""|fentry) mech="kretprobe inet_csk_accept" ;;
	*) mech="tracepoint syscalls:sys_exit_accept4" ;;
	esac
	expect_grep "probe inet_csk_accept: $mech" "$T/tcpaccept.err"
	for s in $(sed -n 's/^sport //p' "$T/prog.out"); do
		expect_grep "^$srv +tcpserver +4 +127\.0\.0\.1 +$s +127\.0\.0\.1 +$port\$" "$T/tcpaccept.out"
	done
	[ "$(grep -Ec " $port\$" "$T/tcpaccept.out")" -eq "$N" ] || fail "$mech: expected $N rows"
	echo "ok: $mech: $N accepts"
done
echo PASS
