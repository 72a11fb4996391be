# vm: skip (the guest kernels' loop driver is a module the initramfs lacks, and it has no mkfs.ext4)
# biosnoop on a loop device the test makes: exactly N O_DIRECT writes of S
# bytes are N lines, from the workload's PID and COMM, on that disk, of S
# bytes, sequential (-P) after the first; bad input is one line.
. "$TESTLIB"
N=37 S=8192
loop_mount
# Each mechanism the chains have here: the best (block_io_start and
# block_io_done, 6.5+), then with tp_btf disabled the raw tracepoints
# block_bio_queue and block_rq_complete.  Either way the same I/O from the
# same process.
for mechs in "$BLOCK_START;$BLOCK_DONE" "raw_tp block_bio_queue;raw_tp block_rq_complete"; do
	case $mechs in raw_tp*) export BPFKIT_DISABLE=tp_btf ;; *) unset BPFKIT_DISABLE ;; esac
	rm -f "$LOOP_DIR/f"
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/f" $N $S
	start_tool biosnoop --verbose -Q -P -d "$LOOP_NAME"
	wait_for "$T/biosnoop.out" '^TIME\(s\) +COMM +PID +DISK +T +SECTOR +BYTES +P +QUE\(ms\) +LAT\(ms\)$'
	expect_grep "^biosnoop: debug: probe block I/O start: ${mechs%;*}\$" "$T/biosnoop.err"
	expect_grep "^biosnoop: debug: probe block I/O done: ${mechs#*;}\$" "$T/biosnoop.err"
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	row="^[0-9]+\.[0-9]{6} +directio +$PROG_PID +$LOOP_NAME +W +[0-9]+ +$S +[SR?] +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2}$"
	wait_for_lines "$T/biosnoop.out" "$row" $N
	stop_tool
	[ "$(grep -Ec "$row" "$T/biosnoop.out")" -eq $N ] || fail "$mechs: expected $N rows /$row/"
	# Only the header and the workload's I/O: -d keeps other disks out.
	[ "$(wc -l <"$T/biosnoop.out")" -eq $((N + 1)) ] || fail "$mechs: expected $N rows and the header"
	[ "$(grep -Ec ' S +[0-9.]+ +[0-9.]+$' "$T/biosnoop.out")" -eq $((N - 1)) ] || fail "$mechs: expected $((N - 1)) sequential I/Os"
	echo "ok: $mechs: $N writes of $S bytes by directio ($PROG_PID) on $LOOP_NAME"
done
unset BPFKIT_DISABLE

# JSON: the same I/O as objects.
gated_ready "$TESTBIN/directio" "$LOOP_DIR/g" 3 $S
start_tool biosnoop -j -d "$LOOP_DEV"
wait_for "$T/biosnoop.err" 'LAT\(ms\)$'
poke
wait "$PROG_PID" || fail "directio failed"
obj="^\{\"time_s\": [0-9.]+, \"comm\": \"directio\", \"pid\": $PROG_PID, \"disk\": \"$LOOP_NAME\", \"t\": \"W\", \"sector\": [0-9]+, \"bytes\": $S, \"lat_ms\": [0-9.]+\}$"
wait_for_lines "$T/biosnoop.out" "$obj" 3
stop_tool
echo "ok: -j"

# -d of another disk: none of the workload's I/O.
other=$(other_disk)
gated_ready "$TESTBIN/directio" "$LOOP_DIR/g" 3 $S
start_tool biosnoop -d "$other"
wait_for "$T/biosnoop.out" 'LAT\(ms\)$'
poke
wait "$PROG_PID" || fail "directio failed"
stop_tool
expect_no_grep " directio " "$T/biosnoop.out"
echo "ok: -d $other shows none of them"

expect_bad_input "unknown disk" "$BPFKIT" biosnoop -d nosuchdisk0
expect_no_grep . "$T/bad.out"
expect_grep "no such disk 'nosuchdisk0'" "$T/bad.err"
expect_bad_input "stray argument" "$BPFKIT" biosnoop 5
