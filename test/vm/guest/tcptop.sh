# tcptop and tcprtt through each mechanism of their chains on a kernel
# with trampolines and kprobes: fentry, then kprobes (fentry disabled),
# then the tracepoints (both disabled), over loopback: a 1 MiB transfer's
# bytes counted exactly each time, and its RTT samples seen.
. "$TESTLIB"
ip link set lo up 2>/dev/null
port=$((40000 + $$ % 1000))
"$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
SINK=$!
BG_PIDS="$BG_PIDS $SINK"
wait_for "$T/sink.out" '^listening$'
bytes=1048576

for off in "" fentry fentry,kprobes; do
	# sock:sock_send_length is 6.3's (the host tier has that path).
	if [ "$off" = fentry,kprobes ] && [ ! -d /sys/kernel/tracing/events/sock/sock_send_length ]; then
		echo "ok: no sock:sock_send_length before 6.3: the tracepoint path is the host's"
		continue
	fi
	export BPFKIT_DISABLE="$off"
	case $off in
	"") mech=fentry ;;
	fentry) mech=kprobe ;;
	*) mech=tracepoint ;;
	esac
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" 127.0.0.1 "$port" "$bytes"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	lport=$(sed -n 's/^connected //p' "$T/prog.out")
	start_tool tcptop --verbose -C -S -j 60 1
	wait_for "$T/tcptop.err" 'Hit Ctrl-C to end$' 60
	poke
	wait "$PROG_PID" || fail "tcpxfer failed"
	stop_tool
	expect_grep "probe tcp_sendmsg: $mech " "$T/tcptop.err"
	expect_grep "probe tcp_cleanup_rbuf: $mech " "$T/tcptop.err"
	expect_grep "\"pid\": $PROG_PID, \"comm\": \"tcpxfer\", \"laddr\": \"127.0.0.1\", \"lport\": $lport, \"raddr\": \"127.0.0.1\", \"rport\": $port, .*\"tx_bytes\": $bytes\}" "$T/tcptop.out"
	expect_grep "\"pid\": $SINK, \"comm\": \"tcpsink\", .*\"lport\": $port, .*\"rport\": $lport, .*\"rx_bytes\": $bytes, " "$T/tcptop.out"
	echo "ok: tcptop by $mech: $bytes bytes each way"

	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" 127.0.0.1 "$port" "$bytes"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	start_tool tcprtt --verbose -B -P "$port"
	wait_for "$T/tcprtt.out" 'Hit Ctrl-C to end\.$' 60
	poke
	wait "$PROG_PID" || fail "tcpxfer failed"
	stop_tool
	expect_grep "probe tcp_rcv_established: $mech " "$T/tcprtt.err"
	expect_grep "^Remote Addres = 127\.0\.0\.1\$" "$T/tcprtt.out"
	n=$(sed -n 's/^ *[0-9]* -> [0-9]* *: \([0-9]*\) .*/\1/p' "$T/tcprtt.out" | awk '{ s += $1 } END { print s + 0 }')
	[ "$n" -gt 0 ] || fail "tcprtt by $mech: no samples"
	echo "ok: tcprtt by $mech: $n samples"
done

# tcpretrans -l: its tail loss probe through fentry, then a kprobe.
for off in "" fentry; do
	export BPFKIT_DISABLE="$off"
	if [ -z "$off" ]; then mech=fentry; else mech=kprobe; fi
	"$BPFKIT" tcpretrans --verbose -l -d 1 >"$T/r.out" 2>"$T/r.err" || fail "tcpretrans -l: $(cat "$T/r.err")"
	expect_grep "probe tail loss probe: $mech tcp_send_loss_probe" "$T/r.err"
	expect_grep "probe tcp_retransmit_skb: tracepoint tcp:tcp_retransmit_skb" "$T/r.err"
	echo "ok: tcpretrans -l by $mech"
done
echo PASS
