# tcptracer's ways of seeing accepts and closes: kretprobe on
# inet_csk_accept and fentry (then kprobe) on tcp_close, and the accept and
# close syscalls where both are disabled: the same four rows a connection.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

ip link set lo up 2>/dev/null
for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	gated_server 127.0.0.1 8 1 1
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$PORT" 1 1 1
	start_tool tcptracer
	wait_for "$T/tcptracer.out" 'DPORT' 60
	release_both
	wait_for_lines "$T/tcptracer.out" " $PORT " 4 60
	stop_tool
	s=$(sed -n 's/^sport //p' "$T/prog.out")
	printf '%s\n' "C $PROG_PID tcpclient $s $PORT" "A $SERVER_PID tcpserver $PORT $s" \
		"X $SERVER_PID tcpserver $PORT $s" "X $PROG_PID tcpclient $s $PORT" >"$T/want"
	grep " $PORT " "$T/tcptracer.out" | awk '{ print $1, $2, $3, $7, $8 }' >"$T/got"
	diff "$T/want" "$T/got" >"$T/diff" || fail "BPFKIT_DISABLE=$off: $(cat "$T/diff")"
	echo "ok: BPFKIT_DISABLE='$off': connect, accept, both closes"
done
echo PASS
