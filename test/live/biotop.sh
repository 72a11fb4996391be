# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biotop on a loop device the test makes: exactly N O_DIRECT writes of S
# bytes are one row for the workload's PID and COMM on that disk, with N
# I/Os and N * S / 1024 Kbytes; -p keeps every other process out; bad
# input is one line.
. "$TESTLIB"
N=37 S=8192
loop_mount
major=$(printf '%d' "0x$(stat -c %t "$LOOP_DEV")")
minor=$(printf '%d' "0x$(stat -c %T "$LOOP_DEV")")
kb="$((N * S / 1024)).0"

# One summary, at Ctrl-C once the workload ended: each write's completion
# is counted before the kernel wakes the writer.
run() { # ARGS...
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool biotop "$@" -p "$PROG_PID" 99
	case " $* " in
	*" -j "*) hdr=$T/biotop.err ;;
	*) hdr=$T/biotop.out ;;
	esac
	wait_for "$hdr" '^Tracing\.\.\. Output every 99 secs\. Hit Ctrl-C to end$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}

# The best start this kernel has (block_io_start, 6.5+), then with tp_btf
# disabled block_bio_queue's raw tracepoint: the same process either way.
for mech in "$BLOCK_START" "raw_tp block_bio_queue"; do
	case $mech in raw_tp*) export BPFKIT_DISABLE=tp_btf ;; *) unset BPFKIT_DISABLE ;; esac
	run --verbose -C
	expect_grep "^biotop: debug: probe block I/O start: $mech\$" "$T/biotop.err"
	expect_grep "^biotop: debug: probe block_rq_complete: ${mech%% *} block_rq_complete\$" "$T/biotop.err"
	expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2} loadavg: ' "$T/biotop.out"
	expect_grep '^PID     COMM             D MAJ MIN DISK       I/O  Kbytes  AVGms$' "$T/biotop.out"
	expect_grep "^$PROG_PID +directio +W +$major +$minor +$LOOP_NAME +$N +$kb +[0-9]+\.[0-9]{2}\$" "$T/biotop.out"
	[ "$(grep -c "^[0-9]" "$T/biotop.out")" -eq 2 ] || fail "$mech: expected the time line and one row"
	expect_grep '^Detaching\.\.\.$' "$T/biotop.out"
	echo "ok: $mech: $PROG_PID directio W $LOOP_NAME: $N I/Os, $kb Kbytes"
done
unset BPFKIT_DISABLE

run -j
[ "$(wc -l <"$T/biotop.out")" -eq 1 ] || fail "-j: expected one object"
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"directio\", \"d\": \"W\", \"maj\": $major, \"min\": $minor, \"disk\": \"$LOOP_NAME\", \"io\": $N, \"kbytes\": $kb[0-9]*, \"avg_ms\": [0-9.]+\}\$" "$T/biotop.out"
echo "ok: -j"

# -p of another process (this shell): none of the workload's I/O.
gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
start_tool biotop -C -p $$ 99
wait_for "$T/biotop.out" '^Tracing'
poke
wait "$PROG_PID" || fail "directio failed"
stop_tool
expect_no_grep " directio " "$T/biotop.out"
echo "ok: -p $$ shows none of them"

expect_bad_input "-r that is not a number" "$BPFKIT" biotop -r many
expect_bad_input "an interval that is not a number" "$BPFKIT" biotop x
