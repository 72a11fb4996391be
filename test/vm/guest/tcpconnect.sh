# tcpconnect's three ways of seeing a connect(): fentry/fexit, kprobes
# (fentry disabled) and the tracepoints of kernels with neither (kprobes
# disabled too), each showing the same N connections over loopback.
. "$TESTLIB"

ip link set lo up 2>/dev/null
N=2
for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	"$TESTBIN/tcpserver" 127.0.0.1 8 "$N" 1 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" "$N" 1 1
	start_tool tcpconnect --verbose -L -P "$port"
	wait_for "$T/tcpconnect.out" 'DPORT $' 60
	poke
	wait "$PROG_PID" || fail "tcpclient failed"
	wait "$srv" || fail "tcpserver failed"
	wait_for_lines "$T/tcpconnect.out" " $port +\$" "$N" 60
	stop_tool
	case "$off" in
	"") entry="fentry tcp_v4_connect" ret="fexit tcp_v4_connect" ;;
	fentry) entry="kprobe tcp_v4_connect" ret="kretprobe tcp_v4_connect" ;;
	*) entry="tracepoint sock:inet_sock_set_state" ret="tracepoint syscalls:sys_exit_connect" ;;
	esac
	expect_grep "probe tcp_v4_connect: $entry" "$T/tcpconnect.err"
	expect_grep "probe tcp_v4_connect return: $ret" "$T/tcpconnect.err"
	for s in $(sed -n 's/^sport //p' "$T/prog.out"); do
		expect_grep "^$PROG_PID +tcpclient +4 +127\.0\.0\.1 +$s +127\.0\.0\.1 +$port +\$" "$T/tcpconnect.out"
	done
	[ "$(grep -Ec " $port +\$" "$T/tcpconnect.out")" -eq "$N" ] || fail "$entry: expected $N rows"
	echo "ok: $entry / $ret: $N connections"
done
echo PASS
