# tcprtt: a 4 MiB transfer into a namespace: the client's RTT samples
# (each ACK it takes in) in a histogram by remote address, filtered to
# the server's address and port (-A, -P), with -e's average inside the
# buckets that hold the samples; -b by local address, -j; bad input.
# vm: skip (the guests' busybox ip has no netns; test/vm/guest/tcptop.sh runs
# the fentry and kprobe paths there)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"
netns_pair
port=$((40000 + $$ % 1000))
ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$port" >"$T/sink.out" 2>&1 &
BG_PIDS="$BG_PIDS $!"
wait_for "$T/sink.out" '^listening$'

# measure ADDR ARGS...: tcprtt ARGS over a 4 MiB transfer to ADDR, its
# one summary at Ctrl-C.
measure() {
	_addr=$1
	shift
	TOOL_PID=""
	gated_start "$TESTBIN/tcpxfer" "$_addr" "$port" 4194304
	wait_for "$T/prog.out" '^connected [0-9]+$'
	start_tool tcprtt "$@"
	case " $* " in *" -j "*) _h="$T/tcprtt.err" ;; *) _h="$T/tcprtt.out" ;; esac
	wait_for "$_h" '^Tracing TCP RTT\.\.\. Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "tcpxfer failed: $(cat "$T/prog.out")"
	stop_tool
}
# samples: the counts of the histogram rows of tcprtt's output, summed.
samples() {
	sed -n 's/^ *[0-9]* -> [0-9]* *: \([0-9]*\) .*/\1/p' "$T/tcprtt.out" | awk '{ s += $1 } END { print s + 0 }'
}

measure "$NS_V4" -B -e -A "$NS_V4" -P "$port"
expect_grep '^     usecs               : count     distribution$' "$T/tcprtt.out"
sections=$(grep -c ' = ' "$T/tcprtt.out")
avg=$(sed -n "s/^Remote Addres = $NS_V4 \[AVG \([0-9]*\)\]\$/\1/p" "$T/tcprtt.out")
[ "$sections" -eq 1 ] && [ -n "$avg" ] || fail "expected one section 'Remote Addres = $NS_V4 [AVG n]'"
n=$(samples)
[ "$n" -gt 0 ] || fail "no RTT samples"
# The average lies between the lowest and highest bucket with samples.
lo=$(awk '/ -> / && $5 > 0 { print $1; exit }' "$T/tcprtt.out")
hi=$(awk '/ -> / && $5 > 0 { h = $3 } END { print h }' "$T/tcprtt.out")
[ "$avg" -ge "$lo" ] && [ "$avg" -le "$hi" ] || fail "average $avg outside the buckets $lo..$hi"
echo "ok: -B -e -A -P: $n samples from $NS_V4, average $avg us in $lo..$hi"

# -b without filters: the client's local address and the server's (in
# the namespace) each get a section; -m in milliseconds.
measure "$NS_V4" -b -m
expect_grep '^     msecs               : count     distribution$' "$T/tcprtt.out"
expect_grep "^Local Address = $HOST_V4\$" "$T/tcprtt.out"
expect_grep "^Local Address = $NS_V4\$" "$T/tcprtt.out"
echo "ok: -b -m"

measure "$NS_V6" -j -6 -A "$NS_V6"
expect_grep "^\{\"ts\": \"[0-9-]+ [0-9:]+\", \"val_type\": \"usecs\", \"data\": \[.*\], \"All Addresses\": \"\*\*\*\*\*\*\*\"\}\$" "$T/tcprtt.out"
[ "$(grep -c '' "$T/tcprtt.out")" -eq 1 ] || fail "-j: one histogram expected: $(cat "$T/tcprtt.out")"
echo "ok: -j -6"

expect_bad_input "-4 with -6" "$BPFKIT" tcprtt -4 -6
expect_bad_input "bad address" "$BPFKIT" tcprtt -A 10.0.0.300
expect_bad_input "port not a number" "$BPFKIT" tcprtt -p http
echo PASS
