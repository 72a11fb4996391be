# virtiostat on the VM's ext4 disk (run-vm.sh attaches it as a virtio disk,
# mounted at /mnt/ext4): a program makes exactly N O_DIRECT writes of S
# bytes (test/progs/directio; its own preparation done and synced before
# the tool starts, so on ext4 mounted lazytime the writes are the disk's
# only I/O, one request each).  The virtio_blk queue of that disk's virtio
# device shows exactly those requests: 2 lists out each (the 16-byte
# request header, the S bytes of data), one in (the status byte); -n with
# another name and -d with another driver filter them out; text, -T, -j;
# fentry, and kprobes with fentry disabled.  Bad input is one line.
. "$TESTLIB"
N=16 S=65536

disk=$(awk '$2 == "/mnt/ext4" { sub("^/dev/", "", $1); print $1 }' /proc/mounts)
[ -n "$disk" ] || fail "no /mnt/ext4: $(cat /proc/mounts)"
vdev=$(basename "$(readlink -f "/sys/class/block/$disk/device")")
case $vdev in virtio[0-9]*) ;; *) fail "$disk is not a virtio device: $vdev" ;; esac
file=/mnt/ext4/bpfkit-virtiostat-$$
at_exit rm_file
rm_file() { rm -f "$file"; }

HEADER='^ +Driver +Device +VQ Name +In SGs +Out SGs +In BW +Out BW$'
# run ARGS...: the writes under virtiostat ARGS, a long interval: its one
# summary is the one Ctrl-C prints.
run() {
	gated_ready "$TESTBIN/directio" "$file" $N $S
	start_tool virtiostat "$@" 600
	case " $* " in
	*" -j "*) status=$T/virtiostat.err ;;
	*) status=$T/virtiostat.out ;;
	esac
	wait_for "$status" '^Tracing virtio devices statistics \.\.\. Hit Ctrl-C to end\.$' 60
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
}
# expect_queue: the disk's queue, with what the writes must have added.
expect_queue() {
	row=$(awk -v d="$vdev" '$1 == "virtio_blk" && $2 == d && $3 ~ /^req\./' "$T/virtiostat.out")
	[ "$(echo "$row" | grep -c .)" -eq 1 ] || fail "expected one virtio_blk $vdev req.N row, got '$row'"
	set -- $row
	[ "$4 $5 $6 $7" = "$N $((2 * N)) $N $((N * (S + 16)))" ] ||
		fail "virtio_blk $vdev: expected In SGs $N, Out SGs $((2 * N)), In BW $N, Out BW $((N * (S + 16))): '$row'"
	echo "ok: $*"
}

# fentry on a module's functions came in 5.11: before, where virtio_ring is
# a module, the best is kprobe.
best=fentry
if grep -q ' virtqueue_add_sgs	\[' /proc/kallsyms; then
	case $(uname -r) in [1-4].* | 5.[0-9].* | 5.10.*) best=kprobe ;; esac
fi
for mech in $best kprobe; do
	if [ "$mech" = kprobe ]; then export BPFKIT_DISABLE=fentry; else unset BPFKIT_DISABLE; fi
	run --verbose
	for fn in add_sgs add_outbuf add_inbuf add_inbuf_ctx; do
		expect_grep "probe virtqueue_$fn: $mech " "$T/virtiostat.err"
	done
	expect_grep '^--------$' "$T/virtiostat.out"
	expect_grep "$HEADER" "$T/virtiostat.out"
	expect_queue
done
unset BPFKIT_DISABLE

run -T -d virtio_blk -n "$vdev"
expect_grep '^[0-9]{2}:[0-9]{2}:[0-9]{2}$' "$T/virtiostat.out"
expect_queue
[ "$(grep -Evc "$HEADER|^Tracing|^[0-9:]+$" "$T/virtiostat.out")" -eq 1 ] || fail "-n $vdev: expected only its queue"

# Filters that match nothing: the header, no rows, though the disk was busy.
for f in "-n virtio99" "-d virtio_net"; do
	run $f
	expect_grep "$HEADER" "$T/virtiostat.out"
	[ "$(grep -Evc "$HEADER|^Tracing|^--------$" "$T/virtiostat.out")" -eq 0 ] || fail "$f: expected no rows"
	echo "ok: $f: no rows"
done

run -j -n "$vdev"
obj=$(grep "\"device\": *\"$vdev\"" "$T/virtiostat.out")
echo "$obj" | grep -Eq '"time": *"[0-9:]+", *"driver": *"virtio_blk", *"device": *"virtio[0-9]+", *"vq_name": *"req\.[0-9]+"' ||
	fail "-j: expected the queue's object, got '$obj'"
echo "$obj" | grep -Eq "\"in_sgs\": *$N, *\"out_sgs\": *$((2 * N)), *\"in_bw\": *$N, *\"out_bw\": *$((N * (S + 16)))}" ||
	fail "-j: expected in_sgs $N, out_sgs $((2 * N)), in_bw $N, out_bw $((N * (S + 16))): '$obj'"
expect_no_grep "Driver|^--------" "$T/virtiostat.out"
echo "ok: -j: $obj"

# -D: the loaded programs' instructions, before tracing starts.
run -D -n "$vdev"
for fn in add_sgs add_outbuf add_inbuf add_inbuf_ctx; do
	expect_grep "^; program ${fn}_$best \($best virtqueue_$fn\), [0-9]+ instructions$" "$T/virtiostat.out"
done
[ "$(grep -n "^; program add_sgs_$best " "$T/virtiostat.out" | cut -d: -f1)" -lt "$(grep -n '^Tracing' "$T/virtiostat.out" | cut -d: -f1)" ] ||
	fail "-D: the programs after the status line"
expect_queue

expect_bad_input "a driver name too long to match" "$BPFKIT" virtiostat -d virtio_blk_0123456789
expect_grep "names longer than 15 characters" "$T/bad.err"
echo PASS
