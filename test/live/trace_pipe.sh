# trace_pipe: real bpf_trace_printk lines (test/progs/printker's program on
# its own getppid call prints "bpfkit-tp PID"), read back as JSON with the
# right PID and message, and left out by -p and -g for another process.
. "$TESTLIB"

# start_printker FD: a printker waiting on a gate of its own (fd FD), once
# its program is attached; its PID in $PK.
start_printker() {
	rm -f "$T/gate$1"
	mkfifo "$T/gate$1"
	eval "exec $1<>\"\$T/gate$1\""
	eval "\"\$TESTBIN/printker\" <&$1 >\"\$T/printker$1.out\" 2>&1 &"
	PK=$!
	BG_PIDS="$BG_PIDS $PK"
	TOOL_PID=""
	wait_for "$T/printker$1.out" '^ready$'
}
# release FD PID: its one getppid call, and its end.
release() {
	echo go >&"$1"
	wait "$2" || fail "printker $2 failed: $(cat "$T/printker$1.out")"
}

# Every field of the line, whatever else is in the pipe.
start_printker 4
A=$PK
start_tool trace_pipe -j
release 4 "$A"
wait_for "$T/trace_pipe.out" "\"msg\": \"bpfkit-tp $A\""
stop_tool
# The kernel shows "<...>" for a name it did not save.
expect_grep "^\{\"task\": \"(printker|<\.\.\.>)\", \"pid\": $A, \"cpu\": [0-9]+, \"flags\": \"[^\"]+\", \"ts\": [0-9]+\.[0-9]{6}, \"msg\": \"bpfkit-tp $A\"\}$" "$T/trace_pipe.out"
echo "ok: -j: $(grep "bpfkit-tp $A\"" "$T/trace_pipe.out")"

# two_printkers ARGS...: A's line, then B's, read by trace_pipe ARGS with
# B for the word PID_B; the filter is for B, so only B's is shown.
two_printkers() {
	start_printker 4
	A=$PK
	start_printker 5
	B=$PK
	for _a in "$@"; do
		shift
		set -- "$@" "$(echo "$_a" | sed "s/PID_B/$B/")"
	done
	start_tool trace_pipe "$@"
	# In the pipe in this order: A's is read (and dropped) before B's.
	release 4 "$A"
	release 5 "$B"
	wait_for "$T/trace_pipe.out" "bpfkit-tp $B"
	stop_tool
	expect_no_grep "bpfkit-tp $A" "$T/trace_pipe.out"
}
two_printkers -j -p PID_B
expect_grep "\"pid\": $B, .*\"msg\": \"bpfkit-tp $B\"" "$T/trace_pipe.out"
echo "ok: -p $B: $A's line left out"
two_printkers -g '^bpfkit-tp PID_B$'
# As the kernel printed it.
expect_grep "^ *(printker|<\.\.\.>)-$B +\[[0-9]+\] .*: bpfkit-tp $B$" "$T/trace_pipe.out"
echo "ok: -g: $(grep "bpfkit-tp $B" "$T/trace_pipe.out")"

# -d ends it, status 0; what it cannot take is one line.
start_tool trace_pipe -d 0.3
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "-d 0.3: exit status $TOOL_RC"
echo "ok: -d 0.3 ended by itself"
expect_bad_input "-p 0" "$BPFKIT" trace_pipe -p 0
expect_bad_input "-g '('" "$BPFKIT" trace_pipe -g '('
expect_bad_input "an argument" "$BPFKIT" trace_pipe extra
