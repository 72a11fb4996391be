# tcpconnlat's three ways of timing a handshake: fentry, kprobes (fentry
# disabled) and the state tracepoint of kernels with neither (kprobes
# disabled too), each showing a latency for each of N connections.
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
	start_tool tcpconnlat --verbose -L -p "$PROG_PID"
	wait_for "$T/tcpconnlat.out" 'LAT\(ms\)$' 60
	poke
	wait "$PROG_PID" || fail "tcpclient failed"
	wait "$srv" || fail "tcpserver failed"
	wait_for_lines "$T/tcpconnlat.out" " $port +[0-9]+\.[0-9]{2}\$" "$N" 60
	stop_tool
	case "$off" in
	"") m=fentry ;;
	fentry) m=kprobe ;;
	*) m=tracepoint ;;
	esac
	if [ "$m" = tracepoint ]; then
		expect_grep "probe tcp_rcv_state_process: tracepoint sock:inet_sock_set_state" "$T/tcpconnlat.err"
	else
		expect_grep "probe tcp_v4_connect: $m tcp_v4_connect" "$T/tcpconnlat.err"
		expect_grep "probe tcp_rcv_state_process: $m tcp_rcv_state_process" "$T/tcpconnlat.err"
	fi
	for s in $(sed -n 's/^sport //p' "$T/prog.out"); do
		expect_grep "^$PROG_PID +tcpclient +4 +127\.0\.0\.1 +$s +127\.0\.0\.1 +$port +[0-9]+\.[0-9]{2}\$" "$T/tcpconnlat.out"
	done
	[ "$(grep -Ec " $port +[0-9]+\.[0-9]{2}\$" "$T/tcpconnlat.out")" -eq "$N" ] || fail "$m: expected $N rows"
	echo "ok: $m: $N latencies"
done
echo PASS
