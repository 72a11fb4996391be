# tcpsynbl's two ways of seeing a handshake's end: a kprobe on
# tcp_v4_syn_recv_sock (the listener), and sock:inet_sock_set_state (the
# child, a copy of it) where kprobes are disabled: the same histogram.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

ip link set lo up 2>/dev/null
for off in "" kprobes; do
	export BPFKIT_DISABLE="$off"
	gated_server 127.0.0.1 37 5 0
	start_tool tcpsynbl --verbose -4
	wait_for "$T/tcpsynbl.out" '^Tracing SYN backlog size' 60
	gated_start "$TESTBIN/tcpopen" 127.0.0.1 "$PORT" 5
	wait_for "$T/prog.out" '^open 5$' 60
	stop_tool
	release_both
	case "$off" in
	"") mech="kprobe tcp_v4_syn_recv_sock" ;;
	*) mech="tracepoint sock:inet_sock_set_state" ;;
	esac
	expect_grep "probe tcp_v4_syn_recv_sock: $mech" "$T/tcpsynbl.err"
	got=$(sed -n '/^backlog_max = 37$/,/^$/p' "$T/tcpsynbl.out" | sed -n 's/^ *\([0-9]*\) -> \([0-9]*\) *: \([0-9]*\) .*/\1 \2 \3/p' | tr '\n' ' ')
	[ "$got" = "0 1 2 2 3 2 4 7 1 " ] || fail "$mech: histogram '$got'"
	echo "ok: $mech: queues 0..4"
done
echo PASS
