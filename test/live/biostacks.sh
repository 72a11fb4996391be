# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biostacks on a loop device the test makes: exactly N O_DIRECT writes
# are one histogram of N under the workload's thread, the disk, and the
# kernel stack that queued them (the direct I/O write path, without the
# tracepoint's own frames); -m, -j, a duration; bad input is one line.
. "$TESTLIB"
N=37 S=8192
loop_mount

run() { # ARGS...
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool biostacks "$@" -d "$LOOP_NAME"
	case " $* " in
	*" -j "*) hdr=$T/biostacks.err ;;
	*) hdr=$T/biostacks.out ;;
	esac
	wait_for "$hdr" '^Tracing block I/O with init stacks\. Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}

run
expect_grep "^$(printf '%-14.14s %-6s %-7s' directio "$PROG_PID" "$LOOP_NAME")\$" "$T/biostacks.out"
[ "$(grep -c '^directio ' "$T/biostacks.out")" -eq 1 ] || fail "expected one stack"
# The frames between the entry and the histogram: the write path.
sed -n '/^directio /,/usecs/p' "$T/biostacks.out" >"$T/stack"
expect_grep '^submit_bio' "$T/stack"
expect_grep '^ext4_file_write_iter$' "$T/stack"
expect_grep '^vfs_write$' "$T/stack"
expect_no_grep '^bpf_' "$T/stack"
expect_grep '^     usecs               : count     distribution$' "$T/biostacks.out"
sum=$(awk '/^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|/ { s += $5 } END { print s + 0 }' "$T/biostacks.out")
[ "$sum" -eq $N ] || fail "counted $sum, expected $N"
echo "ok: $N I/Os under directio $PROG_PID $LOOP_NAME and the write path's stack"

run -m -j
[ "$(wc -l <"$T/biostacks.out")" -eq 1 ] || fail "-j: expected one object"
expect_grep "^\{\"comm\": \"directio\", \"pid\": $PROG_PID, \"disk\": \"$LOOP_NAME\", \"kernel_stack\": \[[^]]*\"__submit_bio\"[^]]*\"ext4_file_write_iter\"[^]]*\], \"val_type\": \"msecs\", \"data\": \[.*\]\}\$" "$T/biostacks.out"
sum=$(grep -Eo '"count": [0-9]+' "$T/biostacks.out" | awk '{ s += $2 } END { print s + 0 }')
[ "$sum" -eq $N ] || fail "-j counted $sum, expected $N"
echo "ok: -m -j"

start_tool biostacks -d "$LOOP_NAME" 1
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "biostacks 1 exited $TOOL_RC"
echo "ok: a duration of 1 s"

expect_bad_input "unknown disk" "$BPFKIT" biostacks -d nosuchdisk0
expect_bad_input "a duration that is not a number" "$BPFKIT" biostacks soon
