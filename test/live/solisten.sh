# solisten: a binder's listen() over 127.0.0.1 and ::1 with a known
# backlog (and one above net.core.somaxconn, which the kernel caps), its
# network namespace, and one in a namespace the test makes.
. "$TESTLIB"

# ns_gated_start NS PROG ARGS...: gated_start, with PROG in namespace NS
# (ip netns exec runs it in its own process: the one gated_start waits for).
ns_gated_start() {
	_ns=$1
	shift
	exec 3>&-
	rm -f "$T/gate"
	mkfifo "$T/gate"
	exec 3<>"$T/gate"
	ip netns exec "$_ns" "$@" <&3 >"$T/prog.out" 2>&1 &
	PROG_PID=$!
	BG_PIDS="$BG_PIDS $PROG_PID"
	_deadline=$(( $(date +%s) + 20 ))
	until [ "$(readlink "/proc/$PROG_PID/exe" 2>/dev/null)" = "$(readlink -f "$1")" ]; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "$1 did not start in $_ns"
		sleep 0.01
	done
}
# run ADDR BACKLOG ARGS...: solisten ARGS (CHILD: the binder's PID) while a
# binder listens, in namespace $IN_NS when set.
run() {
	_addr=$1 _backlog=$2
	shift 2
	if [ -n "${IN_NS:-}" ]; then
		ns_gated_start "$IN_NS" "$TESTBIN/binder" "$_addr" none "$_backlog"
	else
		gated_start "$TESTBIN/binder" "$_addr" none "$_backlog"
	fi
	_args=""
	for _a in "$@"; do _args="$_args $(printf "%s\n" "$_a" | sed "s/CHILD/$PROG_PID/")"; done
	# shellcheck disable=SC2086
	start_tool solisten $_args
	wait_for "$T/solisten.${HDR:-out}" 'PORT +ADDR *$'
	poke
	wait "$PROG_PID" || fail "binder failed: $(cat "$T/prog.out")"
	PORT=$(sed -n 's/^port //p' "$T/prog.out")
	NET_ID=$(readlink "/proc/$$/ns/net" | tr -dc 0-9)
}

run 127.0.0.1 5 -p CHILD
wait_for "$T/solisten.out" " $PORT "
stop_tool
[ "$(tail -n +2 "$T/solisten.out")" = "$(printf '%-7d %-12.12s %-6s %-8d %-5d %-39s' "$PROG_PID" binder TCPv4 5 "$PORT" 127.0.0.1)" ] ||
	fail "v4 row: $(cat "$T/solisten.out")"
[ "$(head -n 1 "$T/solisten.out")" = "$(printf '%-7s %-12s %-6s %-8s %-5s %-39s' PID COMM PROTO BACKLOG PORT ADDR)" ] ||
	fail "header: $(head -n 1 "$T/solisten.out")"
echo "ok: v4, backlog 5"

# Above somaxconn: the backlog inet_listen() gets, capped.
max=$(cat /proc/sys/net/core/somaxconn)
run ::1 $((max + 100)) -p CHILD --show-netns
wait_for "$T/solisten.out" " $PORT "
stop_tool
[ "$(tail -n +2 "$T/solisten.out")" = "$(printf '%-7d %-12.12s %-12d %-6s %-8d %-5d %-39s' "$PROG_PID" binder "$NET_ID" TCPv6 "$max" "$PORT" ::1)" ] ||
	fail "v6 row: $(cat "$T/solisten.out")"
echo "ok: v6, --show-netns $NET_ID, backlog $((max + 100)) capped at $max"

HDR=err run 127.0.0.1 3 -j -p CHILD
wait_for "$T/solisten.out" '"comm": "binder"'
stop_tool
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"binder\", \"proto\": \"TCPv4\", \"backlog\": 3, \"port\": $PORT, \"addr\": \"127\.0\.0\.1\"\}\$" "$T/solisten.out"
echo "ok: -j"

# -n: a namespace this test makes; the binder there is seen with -n of it,
# and not with -n of the host's.
netns_sh="$(dirname "$TESTLIB")/netns.sh"
[ -f "$netns_sh" ] || netns_sh="$(dirname "$TESTLIB")/live/netns.sh"
if [ -f "$netns_sh" ] && ip netns add "bkprobe$$" 2>/dev/null; then
	ip netns del "bkprobe$$"
	. "$netns_sh"
	netns_pair
	ns=$(ip netns exec "$NETNS" readlink /proc/self/ns/net | tr -dc 0-9)
	host_ns=$(readlink /proc/self/ns/net | tr -dc 0-9)
	IN_NS=$NETNS run "$NS_V4" 6 -n "$ns" --show-netns
	wait_for "$T/solisten.out" " $PORT "
	stop_tool
	[ "$(tail -n +2 "$T/solisten.out")" = "$(printf '%-7d %-12.12s %-12d %-6s %-8d %-5d %-39s' "$PROG_PID" binder "$ns" TCPv4 6 "$PORT" "$NS_V4")" ] ||
		fail "namespace row: $(cat "$T/solisten.out")"
	IN_NS=$NETNS run "$NS_V4" 6 -n "$host_ns"
	stop_tool
	expect_no_grep " binder " "$T/solisten.out"
	echo "ok: -n $ns (the test's namespace) and -n $host_ns"
else
	echo "ok: no ip netns here: -n of another namespace not checked"
fi

expect_bad_input "a namespace that is not a number" "$BPFKIT" solisten -n net
expect_bad_input "a PID that does not exist" "$BPFKIT" solisten -p 999999999
