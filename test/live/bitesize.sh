# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# bitesize on a loop device the test makes: exactly N O_DIRECT writes of
# S bytes are N in S's Kbytes bucket under the workload's name, and only
# there; -c of another name counts none of them; bad input is one line.
. "$TESTLIB"
N=29 S=16384
loop_mount

run() { # ARGS...
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool bitesize "$@" -d "$LOOP_NAME"
	case " $* " in
	*" -j "*) hdr=$T/bitesize.err ;;
	*) hdr=$T/bitesize.out ;;
	esac
	wait_for "$hdr" '^Tracing block I/O\.\.\. Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}

run
expect_grep '^Process Name = directio$' "$T/bitesize.out"
expect_grep '^     Kbytes              : count     distribution$' "$T/bitesize.out"
# 16 KiB: the 16 -> 31 row, and every other row of the section empty.
sed -n '/^Process Name = directio$/,/^$/p' "$T/bitesize.out" >"$T/section"
expect_grep "^        16 -> 31         : $N +\|\*{40}\|\$" "$T/section"
[ "$(awk '/ -> / { s += $5 } END { print s + 0 }' "$T/section")" -eq $N ] || fail "expected $N I/Os in the section"
echo "ok: $N I/Os of $S bytes in 16 -> 31 Kbytes under directio"

run -c directio -T
[ "$(grep -c '^Process Name = ' "$T/bitesize.out")" -eq 1 ] || fail "-c directio: expected one section"
expect_grep "^        16 -> 31         : $N " "$T/bitesize.out"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/bitesize.out"
echo "ok: -c directio -T"

run -c notdirectio
expect_no_grep 'Process Name' "$T/bitesize.out"
echo "ok: -c notdirectio counts none"

# -d of another disk: none of the workload's I/O.
other=$(other_disk)
gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
start_tool bitesize -d "$other"
wait_for "$T/bitesize.out" '^Tracing block I/O'
poke
wait "$PROG_PID" || fail "directio failed"
stop_tool
expect_no_grep '^Process Name = directio$' "$T/bitesize.out"
echo "ok: -d $other counts none of them"

run -j
expect_grep "\"val_type\": \"Kbytes\".*\{\"interval-start\": 16, \"interval-end\": 31, \"count\": $N\}.*\"Process Name\": \"directio\"" "$T/bitesize.out"
echo "ok: -j"

expect_bad_input "unknown disk" "$BPFKIT" bitesize -d nosuchdisk0
expect_bad_input "an interval that is not a number" "$BPFKIT" bitesize 1s
