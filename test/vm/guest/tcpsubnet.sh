# tcpsubnet's ways of seeing a send: fentry and kprobe on tcp_sendmsg, and
# sock:sock_send_length where both are disabled (kernels before 6.3 have no
# such tracepoint: then one line saying so): the same bytes.
. "$TESTLIB"

ip link set lo up 2>/dev/null
# Below the ephemeral range (32768-60999): a port a client socket of an
# earlier test happens to hold would refuse the bind.
port=$((20000 + $$ % 1000))
for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	port=$((port + 1))
	: >"$T/sink.out"
	"$TESTBIN/tcpsink" "$port" >>"$T/sink.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	wait_for "$T/sink.out" '^listening$' 60
	gated_start "$TESTBIN/tcpxfer" 127.0.0.1 "$port" 50000
	wait_for "$T/prog.out" '^connected ' 60
	start_tool tcpsubnet --verbose -i 100 127.0.0.1/32
	case "$off" in
	"") mech="fentry tcp_sendmsg" ;;
	fentry) mech="kprobe tcp_sendmsg" ;;
	*) mech="tracepoint sock:sock_send_length" ;;
	esac
	if [ -n "$off" ] && [ "$off" != fentry ] && [ ! -d /sys/kernel/tracing/events/sock/sock_send_length ]; then
		wait_tool 60
		[ "$TOOL_RC" -ne 0 ] && grep -q 'sock_send_length' "$T/tcpsubnet.err" || fail "no tracepoint: expected a refusal"
		echo "ok: no sock:sock_send_length here: refused"
		continue
	fi
	wait_for "$T/tcpsubnet.out" 'Hit Ctrl-C to end$' 60
	poke
	wait "$PROG_PID" || fail "tcpxfer failed"
	stop_tool
	expect_grep "probe tcp_sendmsg: $mech" "$T/tcpsubnet.err"
	grep -Fxq "$(printf '%-21s %6d' 127.0.0.1/32 50000)" "$T/tcpsubnet.out" || fail "$mech: $(cat "$T/tcpsubnet.out")"
	echo "ok: $mech: 50000 bytes"
done
echo PASS
