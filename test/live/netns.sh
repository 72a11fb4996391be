# Network namespaces and veth pairs for the network tools' tests: made by
# the test, removed at exit even on failure.  Source after lib.sh.
# Traffic goes only to the addresses set here (and loopback).
command -v ip >/dev/null || fail "ip (iproute2) is needed"
NETNS_MADE="" VETH_MADE=""
netns_cleanup() {
	# The host end first: the kernel tears a namespace down later, in
	# the background, and the next test must not find its veth.
	for _v in $VETH_MADE; do
		ip link del "$_v" 2>/dev/null
	done
	for _n in $NETNS_MADE; do
		ip netns del "$_n" 2>/dev/null
	done
	NETNS_MADE="" VETH_MADE=""
}
at_exit netns_cleanup

# netns_pair: a namespace $NETNS joined to this one by a veth pair, the
# host end $VETH_HOST with $HOST_V4/24 and $HOST_V6/64, the namespace's end
# with $NS_V4 and $NS_V6, both up (v6 without duplicate address detection,
# so it is usable at once).  The subnet is picked from the test's PID.
netns_pair() {
	_k=$(($$ % 200 + 20))
	NETNS="bpfkit-$$"
	VETH_HOST="bk$$h"
	VETH_NS="bk$$n"
	HOST_V4="10.231.$_k.1" NS_V4="10.231.$_k.2"
	HOST_V6="fd42:231:$_k::1" NS_V6="fd42:231:$_k::2"
	ip netns add "$NETNS" || fail "ip netns add $NETNS"
	NETNS_MADE="$NETNS_MADE $NETNS"
	ip link add "$VETH_HOST" type veth peer name "$VETH_NS" || fail "ip link add veth"
	VETH_MADE="$VETH_MADE $VETH_HOST"
	ip link set "$VETH_NS" netns "$NETNS" || fail "moving $VETH_NS into $NETNS"
	ip addr add "$HOST_V4/24" dev "$VETH_HOST"
	ip -6 addr add "$HOST_V6/64" dev "$VETH_HOST" nodad
	ip link set "$VETH_HOST" up
	ip netns exec "$NETNS" ip addr add "$NS_V4/24" dev "$VETH_NS"
	ip netns exec "$NETNS" ip -6 addr add "$NS_V6/64" dev "$VETH_NS" nodad
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	ip netns exec "$NETNS" ip link set lo up
}

# tcp_serve ADDR N REPLY_KB [gate]: a tcpserver on ADDR (loopback) for N
# connections, each answered with REPLY_KB KiB: its PID in $SERVER_PID, its
# port in $PORT.  With gate it accepts only once tcp_traced has seen the
# tool's header (a return probe misses an accept() already waiting).
tcp_serve() {
	SERVER_GATE=${4:-}
	# Emptied here, not by the background shell: else the wait below can
	# read the previous server's port, or a file being emptied.
	: >"$T/server.out"
	if [ -n "$SERVER_GATE" ]; then
		rm -f "$T/sgate"
		mkfifo "$T/sgate"
		exec 4<>"$T/sgate"
		"$TESTBIN/tcpserver" "$1" 8 "$2" "$3" gate <&4 >"$T/server.out" 2>&1 &
	else
		"$TESTBIN/tcpserver" "$1" 8 "$2" "$3" >"$T/server.out" 2>&1 &
	fi
	SERVER_PID=$!
	BG_PIDS="$BG_PIDS $SERVER_PID"
	# wait_for fails at once if the server dies (not a previous tool).
	TOOL_PID=$SERVER_PID
	wait_for "$T/server.out" '^port '
	PORT=$(sed -n 's/^port //p' "$T/server.out")
}
# tcp_traced TOOL READY ADDR N SEND_KB HOLD_MS ARGS...: TOOL ARGS (PORT in
# them: the server's port, CLIENT: the client's PID, SERVER: the server's)
# while a tcpclient makes N connections to tcp_serve's server, connection i
# sending i * SEND_KB KiB and held i * HOLD_MS ms; the client is released
# once $T/TOOL.${HDR:-out} matches READY.  The client's ports in $SPORTS.
tcp_traced() {
	_tool=$1 _ready=$2
	gated_start "$TESTBIN/tcpclient" "$3" "$PORT" "$4" "$5" "$6"
	shift 6
	_args=""
	for _a in "$@"; do
		_args="$_args $(printf "%s\n" "$_a" | sed "s/PORT/$PORT/; s/CLIENT/$PROG_PID/; s/SERVER/$SERVER_PID/")"
	done
	# shellcheck disable=SC2086
	start_tool "$_tool" $_args
	wait_for "$T/$_tool.${HDR:-out}" "$_ready"
	[ -z "$SERVER_GATE" ] || echo go >&4
	poke
	wait "$PROG_PID" || fail "tcpclient failed: $(cat "$T/prog.out")"
	wait "$SERVER_PID" || fail "tcpserver failed: $(cat "$T/server.out")"
	SPORTS=$(sed -n 's/^sport //p' "$T/prog.out")
}
# tcp_clients TOOL READY ADDR ARGS...: tcp_traced with $N connections of 1
# KiB each way, held 1 ms (the server gated with SERVER_GATED set).
tcp_clients() {
	_ctool=$1 _cready=$2 _caddr=$3
	shift 3
	tcp_serve "$_caddr" "$N" 1 ${SERVER_GATED:+gate}
	tcp_traced "$_ctool" "$_cready" "$_caddr" "$N" 1 1 "$@"
}
# expect_tcp_rows WHAT FORMAT: $T/rows is one row per connection of
# tcp_clients, made by printf FORMAT with the connection's client port.
expect_tcp_rows() {
	: >"$T/want"
	for _s in $SPORTS; do
		# shellcheck disable=SC2059
		printf "$2\n" "$_s" >>"$T/want"
	done
	diff "$T/want" "$T/rows" >"$T/diff" || fail "$1 rows differ: $(cat "$T/diff")"
}
# gated_server ADDR BACKLOG N REPLY_KB: a tcpserver listening on ADDR that
# accepts only once `echo go >&4` opens its gate (a connection then waits
# in its queue); its PID in $SERVER_PID (and $TOOL_PID, so a wait_for
# fails at once if it dies), its port in $PORT.  With SERVER_NETNS set, in
# that namespace (ip netns exec execs it: the PID is the server's).
gated_server() {
	rm -f "$T/sgate" && mkfifo "$T/sgate" && exec 4<>"$T/sgate"
	: >"$T/server.out"
	${SERVER_NETNS:+ip netns exec "$SERVER_NETNS"} "$TESTBIN/tcpserver" "$@" gate <&4 >>"$T/server.out" 2>&1 &
	SERVER_PID=$! TOOL_PID=$!
	BG_PIDS="$BG_PIDS $SERVER_PID"
	wait_for "$T/server.out" '^port '
	PORT=$(sed -n 's/^port //p' "$T/server.out")
}

# release_both: the server's gate opened and the gated client poked, then
# both waited for, each failing the test unless it ended well.
release_both() {
	echo go >&4
	poke
	wait "$PROG_PID" || fail "the client failed: $(cat "$T/prog.out")"
	wait "$SERVER_PID" || fail "tcpserver failed: $(cat "$T/server.out")"
}
