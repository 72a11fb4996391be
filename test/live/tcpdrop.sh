# tcpdrop: a transfer into a namespace whose end of the veth pair goes
# down has its segments dropped by the kernel (the neighbour entry fails);
# tcpdrop shows them with the flow, state, flags, the kernel's name and
# number for the reason, and the kernel stack, in text and JSON; bad input
# is refused.
# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptop.sh runs
# the fentry and kprobe paths there)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
port=$((40000 + $$ % 1000))
ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
wait_for "$T/sink.out" '^listening$'
bytes=1048576
flow=" $HOST_V4:[0-9]+ +> $NS_V4:$port "

# drop_run REGEX ARGS...: tcpdrop ARGS during a transfer cut off until a drop
# matching REGEX shows.
drop_run() {
	_want=$1
	shift
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$NS_V4" "$port" "$bytes"
	wait_for "$T/prog.out" '^connected [0-9]+$'
	lport=$(sed -n 's/^connected //p' "$T/prog.out")
	start_tool tcpdrop "$@"
	wait_for "$hdr" 'REASON \(CODE\)$'
	ip netns exec "$NETNS" ip link set "$VETH_NS" down
	poke
	wait_for "$T/tcpdrop.out" "$_want" 60
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	wait_for "$T/prog.out" "^sent $bytes reply got $bytes\$" 60
	stop_tool
}
# kernel_reason NAME: the number this kernel's BTF gives SKB_DROP_REASON_NAME.
kernel_reason() {
	bpftool btf dump file /sys/kernel/btf/vmlinux | sed -n "s/^[[:space:]]*'SKB_DROP_REASON_$1' val=//p" | head -n 1
}

hdr="$T/tcpdrop.out"
drop_run "$flow"
row=$(grep -E "$flow" "$T/tcpdrop.out" | head -n 1)
set -- $row
pid=$2 sf="$7 $8" name=$9 code=${10}
exp=$(printf '%-8s %-7s %-2s %-20s > %-20s %-20s %s' "$1" "$pid" 4 "$HOST_V4:$lport" "$NS_V4:$port" "$sf" "$name $code")
[ "$row" = "$exp" ] || fail "row '$row', expected '$exp'"
echo "$sf" | grep -Eq '^ESTABLISHED \(([A-Z]+\|)*ACK(\|[A-Z]+)*\)$' || fail "state and flags: $sf"
if command -v bpftool >/dev/null; then
	want=$(kernel_reason "$name")
	[ "($want)" = "$code" ] || fail "reason $name $code: this kernel numbers it $want"
fi
# The stack under the row: frames indented, ending in a blank line.
awk -v r="$row" 'f && /^$/ { exit } f { print } $0 == r { f = 1 }' "$T/tcpdrop.out" >"$T/stack"
[ -s "$T/stack" ] && ! grep -Eqv '^        [A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+$' "$T/stack" ||
	fail "the stack under '$row': $(cat "$T/stack")"
grep -Eq 'kfree_skb|skb_reason_drop|tcp_drop' "$T/stack" || fail "no freeing function in the stack: $(cat "$T/stack")"
echo "ok: $(grep -cE "$flow" "$T/tcpdrop.out") drops of $HOST_V4:$lport > $NS_V4:$port, reason $name $code, $(wc -l <"$T/stack") frames"

hdr="$T/tcpdrop.err"
drop_run "\"dport\": $port" -j -4
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": [0-9]+, \"ip\": \"4\", \"saddr\": \"$HOST_V4\", \"sport\": $lport, \"daddr\": \"$NS_V4\", \"dport\": $port, \"state\": \"ESTABLISHED\", \"flags\": \"[A-Z|]*ACK[A-Z|]*\", \"reason\": \"[A-Z0-9_]+\", \"code\": [0-9]+, \"kernel_stack\": \[\"[^\"]+\+0x[0-9a-f]+\"" "$T/tcpdrop.out"
[ "$(grep -vc '^{' "$T/tcpdrop.out")" -eq 0 ] || fail "-j: non-JSON on stdout"
echo "ok: -j -4"

expect_bad_input "-4 with -6" "$BPFKIT" tcpdrop -4 -6
expect_bad_input "--netns-id not a number" "$BPFKIT" tcpdrop --netns-id abc
expect_bad_input "--pid-netns of no process" "$BPFKIT" tcpdrop --pid-netns 999999999
expect_bad_input "--pid-netns with --netns-id" "$BPFKIT" tcpdrop --pid-netns $$ --netns-id 4026531840
echo PASS
