# softirqslower on NET_RX softirqs the test makes: UDP datagrams over
# loopback from a program pinned to one CPU, traced on that CPU (-c) with a
# threshold of 0: net_rx rows of both stages under BCC's header, every row
# on that CPU; a threshold of 2 us leaves no row below it; a threshold of
# 10 s none; -j, the raw_tp fallback; bad input is one line.
. "$TESTLIB"
cpu=$(($(nproc) - 1))

run() { # MIN_US ARGS...
	gated_start "$TESTBIN/udpburst" 300
	taskset -p -c "$cpu" "$PROG_PID" >/dev/null || fail "taskset -p -c $cpu"
	start_tool softirqslower "$@"
	case " $* " in
	*" -j "*) hdr=$T/softirqslower.err ;;
	*) hdr=$T/softirqslower.out ;;
	esac
	wait_for "$hdr" '^TIME +STAGE +SOFTIRQ +LAT\(us\) +CPU +COMM$'
	poke
	wait "$PROG_PID" || fail "udpburst failed"
	stop_tool
}

run -c "$cpu" 0
expect_grep "^Tracing softirq latency higher than 0 us\.\.\. Hit Ctrl-C to end\.\$" "$T/softirqslower.out"
expect_grep "^[0-9:]{8} irq\(hard\) to softirq net_rx +[0-9]+ +$cpu +" "$T/softirqslower.out"
expect_grep "^[0-9:]{8} softirq runtime +net_rx +[0-9]+ +$cpu +" "$T/softirqslower.out"
expect_grep " udpburst$" "$T/softirqslower.out"
awk -v c="$cpu" 'NR > 2 && $(NF - 1) != c { bad = 1; print } END { exit bad }' "$T/softirqslower.out" >"$T/bad" ||
	fail "-c $cpu: rows of other CPUs: $(head -3 "$T/bad")"
echo "ok: -c $cpu 0: $(grep -c ' net_rx ' "$T/softirqslower.out") net_rx rows, all on CPU $cpu"

BPFKIT_DISABLE=tp_btf run -c "$cpu" 2
unset BPFKIT_DISABLE
expect_grep " net_rx " "$T/softirqslower.out"
awk 'NR > 2 && $(NF - 2) < 2 { bad = 1; print } END { exit bad }' "$T/softirqslower.out" >"$T/bad" ||
	fail "2 us: rows below it: $(head -3 "$T/bad")"
echo "ok: raw_tp, 2 us: no row below"

run 10000000
[ "$(wc -l <"$T/softirqslower.out")" -eq 2 ] || fail "10 s: rows"
echo "ok: 10 s: none"

run -j -c "$cpu" 0
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"stage\": \"softirq runtime\", \"softirq\": \"net_rx\", \"lat_us\": [0-9]+, \"cpu\": $cpu, \"comm\": \"[^\"]*\"\}\$" "$T/softirqslower.out"
echo "ok: -j"

expect_bad_input "a threshold that is not a number" "$BPFKIT" softirqslower 10ms
expect_bad_input "a CPU that does not exist" "$BPFKIT" softirqslower -c 100000
expect_bad_input "two thresholds" "$BPFKIT" softirqslower 1 2
