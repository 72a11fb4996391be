# netqtop: datagrams of known sizes across the host end of a veth pair and
# back (echoed from the namespace): the TX and RX tables show exactly those
# packets in their size classes, their average size, -t their rates, -j the
# same numbers; bad input is refused.  The veth carries nothing else: IPv6
# is off on both ends (no router solicitations, no MLD) and the neighbours
# are fixed (no ARP).
# vm: skip (the guests' busybox ip has no netns)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
sysctl -qw "net.ipv6.conf.$VETH_HOST.disable_ipv6=1"
ip netns exec "$NETNS" sysctl -qw "net.ipv6.conf.$VETH_NS.disable_ipv6=1"
# Room for a 17000-byte datagram in one packet: the [16K, 64K) class.
ip link set "$VETH_HOST" mtu 20000
ip netns exec "$NETNS" ip link set "$VETH_NS" mtu 20000
ip neigh replace "$NS_V4" lladdr "$(ip netns exec "$NETNS" cat "/sys/class/net/$VETH_NS/address")" \
	dev "$VETH_HOST" nud permanent
ip netns exec "$NETNS" ip neigh replace "$HOST_V4" lladdr "$(cat "/sys/class/net/$VETH_HOST/address")" \
	dev "$VETH_NS" nud permanent
port=$((41000 + $$ % 1000))

# The tool is tracing once both its programs are attached.
wait_links() {
	_deadline=$(( $(date +%s) + 20 ))
	until [ "$(ls -l "/proc/$TOOL_PID/fd" 2>/dev/null | grep -c 'bpf_link')" -ge 2 ]; do
		alive "$TOOL_PID" || fail "netqtop exited: $(cat "$T/netqtop.err")"
		[ "$(date +%s)" -lt "$_deadline" ] || fail "netqtop did not attach"
		sleep 0.05
	done
}
# traffic ARGS -- SIZES...: netqtop -n VETH ARGS while the sizes go out
# and come back, then Ctrl-C.
traffic() {
	_args=""
	while [ "$1" != -- ]; do _args="$_args $1"; shift; done
	shift
	TOOL_PID=""
	ip netns exec "$NETNS" "$TESTBIN/udpecho" serve "$port" $# >"$T/echo.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	wait_for "$T/echo.out" '^listening$'
	gated_start "$TESTBIN/udpecho" send "$NS_V4" "$port" "$@"
	start_tool netqtop -n "$VETH_HOST" $_args
	wait_links
	poke
	wait_for "$T/prog.out" "^sent $#\$"
	wait_for "$T/echo.out" "^echoed $#\$"
	# -i 1: until a summary that starts after the last echo came back.
	case $_args in *"-i 1"*)
		_seps=$(grep -c '^---' "$T/netqtop.out")
		wait_for_lines "$T/netqtop.out" '^---' $((_seps + 2)) ;;
	esac
	stop_tool
}
row() { printf ' %-11s%-11s%-11s%-11s%-11s%-11s%-11s' "$@"; }

# One summary, at Ctrl-C: 8 datagrams each way, TX with the 42 bytes of
# Ethernet, IP and UDP headers, RX as the stack receives them (28: no
# Ethernet header).  Averages 21956/8 and 21844/8 bytes, in K as BCC's.
traffic -i 60 -- 10 10 200 200 200 1000 3000 17000
o=$T/netqtop.out
expect_grep '^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8} [0-9]{4}$' "$o"
head=$(row QueueID avg_size '[0, 64)' '[64, 512)' '[512, 2K)' '[2K, 16K)' '[16K, 64K)')
[ "$(grep -cxF "$head" "$o")" -eq 2 ] || fail "expected two headers '$head'"
tx=$(row 0 2.68K 2 3 1 1 1) txt=$(row Total 2.68K 2 3 1 1 1)
rx=$(row 0 2.67K 2 3 1 1 1) rxt=$(row Total 2.67K 2 3 1 1 1)
exp=$(printf 'TX\n%s\n%s\n%s\n\nRX\n%s\n%s\n%s\n%s' "$head" "$tx" "$txt" "$head" "$rx" "$rxt" \
	"-----------------------------------------------------------------------------")
got=$(sed 1d "$o")
[ "$got" = "$exp" ] || fail "tables:
$got
expected:
$exp"
echo "ok: 8 datagrams each way in their classes, averages 2.68K and 2.67K"

# -t, a summary a second: 4 datagrams of 100 bytes each way (142 and 128
# bytes on the wire), wherever the seconds cut them: the rates add up to
# the bytes and packets.
traffic -i 1 -t -- 100 100 100 100
sums=$(awk '/^(TX|RX)$/ { d = $1 } $1 == "Total" { p[d] += $9; b[d] += $8; n[d] += $4 }
	END { printf "%s %s %s %s %s %s", n["TX"], b["TX"], p["TX"], n["RX"], b["RX"], p["RX"] }' "$T/netqtop.out")
[ "$sums" = "4 568 4 4 512 4" ] || fail "-t: [64, 512), BPS, PPS summed over TX and RX: '$sums', expected '4 568 4 4 512 4'"
expect_grep "^ QueueID    avg_size   \[0, 64\)    \[64, 512\)  \[512, 2K\)  \[2K, 16K\)  \[16K, 64K\) BPS        PPS        \$" "$T/netqtop.out"
expect_grep '^-{95}$' "$T/netqtop.out"
echo "ok: -t: BPS and PPS add up to 568 and 512 bytes, 4 packets each way"

# -j: the same numbers, exact.
traffic -i 60 -j -- 10 200 17000
j=$T/netqtop.out
pre='^\{"time": "[0-9:]{8}", "direction": '
classes='"size_0_64": 1, "size_64_512": 1, "size_512_2k": 0, "size_2k_16k": 0, "size_16k_64k": 1\}$'
expect_grep "$pre\"tx\", \"queue\": 0, \"bytes\": 17336, \"packets\": 3, \"avg_size\": 5778\.666667, $classes" "$j"
expect_grep "$pre\"tx\", \"queue\": null, \"bytes\": 17336, \"packets\": 3, \"avg_size\": 5778\.666667, $classes" "$j"
expect_grep "$pre\"rx\", \"queue\": 0, \"bytes\": 17294, \"packets\": 3, \"avg_size\": 5764\.666667, $classes" "$j"
expect_grep "$pre\"rx\", \"queue\": null, \"bytes\": 17294, \"packets\": 3, \"avg_size\": 5764\.666667, $classes" "$j"
[ "$(grep -c . "$j")" -eq 4 ] || fail "-j: expected 4 lines (queue 0 and Total, TX and RX)"
echo "ok: -j"

expect_bad_input "no -n" "$BPFKIT" netqtop
expect_bad_input "no such NIC" "$BPFKIT" netqtop -n bpfkit-none0
expect_bad_input "name too long" "$BPFKIT" netqtop -n abcdefghijklmnopq
expect_bad_input "interval 0" "$BPFKIT" netqtop -n lo -i 0
echo PASS
