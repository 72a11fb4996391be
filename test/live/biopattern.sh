# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biopattern on a loop device the test makes, on workloads whose pattern
# is known: N O_DIRECT writes in order are N - 1 sequential I/Os (the
# first has no previous one), last block first N - 1 random ones, and in
# pairs with a block skipped after each half and half (8 writes: 4 of 7
# sequential, 43% random as Python rounds 42.86); bad input is one line.
. "$TESTLIB"
S=8192
loop_mount

run() { # N PATTERN ARGS...
	_n=$1 _p=$2
	shift 2
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f-$_p-$_n" "$_n" $S "$_p"
	start_tool biopattern "$@" -d "$LOOP_NAME"
	case " $* " in
	*" -j "*) hdr=$T/biopattern.err ;;
	*) hdr=$T/biopattern.out ;;
	esac
	wait_for "$hdr" '^TIME      DISK     %RND  %SEQ    COUNT     KBYTES$'
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}
expect_row() { # RND SEQ COUNT
	_row="$(printf '%-7s %5d %5d %8d %10d' "$LOOP_NAME" "$1" "$2" "$3" $(($3 * S / 1024)))"
	sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}  //' "$T/biopattern.out" | grep -Fxq "$_row" ||
		fail "expected the row 'HH:MM:SS  $_row'"
	[ "$(grep -c '^[0-9]' "$T/biopattern.out")" -eq 1 ] || fail "expected one row"
}

run 37 seq
expect_row 0 100 36
echo "ok: 37 writes in order: 36 sequential"
run 37 rev
expect_row 100 0 36
echo "ok: 37 writes last first: 36 random"
run 37 skip
expect_row 50 50 36
run 8 skip
expect_row 43 57 7
echo "ok: in pairs: 18 of 36 and 4 of 7 sequential"

run 9 seq -j
[ "$(wc -l <"$T/biopattern.out")" -eq 1 ] || fail "-j: expected one object"
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"disk\": \"$LOOP_NAME\", \"random_pct\": 0, \"sequential_pct\": 100, \"count\": 8, \"kbytes\": 64\}\$" "$T/biopattern.out"
echo "ok: -j"

# --prometheus: the same 37 writes in order as counters and ratios.
gated_ready "$TESTBIN/directio" "$LOOP_DIR/f-prom" 37 $S seq
start_tool biopattern -d "$LOOP_NAME" --prometheus 127.0.0.1:0
wait_for "$T/biopattern.out" '^Serving metrics on http://127\.0\.0\.1:[0-9]+/metrics'
port=$(metrics_port "$T/biopattern.out")
poke
wait "$PROG_PID" || fail "directio failed"
scrape_until "$port" "$T/m.txt" 10 "^bpfkit_biopattern_ios_total{disk=\"$LOOP_NAME\"} 36\$"
expect_line "$T/m.txt" "bpfkit_biopattern_bytes_total{disk=\"$LOOP_NAME\"} $((36 * S))"
expect_line "$T/m.txt" "bpfkit_biopattern_sequential_ratio{disk=\"$LOOP_NAME\"} 1"
stop_tool
echo "ok: --prometheus: 36 I/Os, $((36 * S)) bytes, all sequential"

expect_bad_input "unknown disk" "$BPFKIT" biopattern -d nosuchdisk0
expect_bad_input "a count that is not a number" "$BPFKIT" biopattern 1 many
