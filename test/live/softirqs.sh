# softirqs and hardirqs: 500 UDP datagrams over loopback make NET_RX
# softirqs, counted (-C) and timed (default, -d, -N) under BCC's headers;
# hardirqs runs and prints its table (this host's irqs are not ours to
# make); bad input is refused.
. "$TESTLIB"

gated_start "$TESTBIN/udpburst" 500
start_tool softirqs -C
wait_for "$T/softirqs.out" '^Tracing soft irq events\.\.\. Hit Ctrl-C to end\.$'
poke
wait "$PROG_PID" || fail "udpburst failed"
stop_tool
expect_grep '^SOFTIRQ          TOTAL_count$' "$T/softirqs.out"
rx=$(awk '$1 == "net_rx" { print $2 }' "$T/softirqs.out")
# Each datagram raises NET_RX; one run may handle several.
[ -n "$rx" ] && [ "$rx" -ge 1 ] && [ "$rx" -le 100000 ] || fail "net_rx count '$rx'"
echo "ok: net_rx ran $rx times for 500 datagrams"
# Largest total first, as BCC since 0.32 (sorted(..., key=-value)).
# desc_order FILE MIN_ROWS
desc_order() {
	awk -v min="$2" '$NF ~ /^[0-9]+$/ { n++; if (n > 1 && $NF + 0 > prev + 0) bad = 1; prev = $NF }
	    END { exit bad || n < min }' "$1"
}
desc_order "$T/softirqs.out" 1 || fail "softirqs totals not largest first: $(cat "$T/softirqs.out")"

gated_start "$TESTBIN/udpburst" 500
start_tool softirqs -d -N
wait_for "$T/softirqs.out" '^Tracing soft irq event time'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^softirq = net_rx$' "$T/softirqs.out"
expect_grep '^     nsecs               : count     distribution$' "$T/softirqs.out"

"$BPFKIT" softirqs 0.3 1 >"$T/once.out" || fail "softirqs 0.3 1"
expect_grep '^SOFTIRQ          TOTAL_usecs$' "$T/once.out"
"$BPFKIT" hardirqs -C 0.3 1 >"$T/hard.out" || fail "hardirqs -C 0.3 1"
expect_grep '^HARDIRQ                    TOTAL_count$' "$T/hard.out"
awk 'NR > 3 && !($NF ~ /^[0-9]+$/ && length($0) >= 38) { bad = 1 } END { exit bad }' "$T/hard.out" || fail "hardirqs rows: $(cat "$T/hard.out")"
desc_order "$T/hard.out" 0 || fail "hardirqs totals not largest first: $(cat "$T/hard.out")"
"$BPFKIT" hardirqs -d 0.3 1 >/dev/null || fail "hardirqs -d"
expect_bad_input "-C with -d" "$BPFKIT" softirqs -C -d
expect_bad_input "bad CPU" "$BPFKIT" hardirqs -c 9999
echo PASS
