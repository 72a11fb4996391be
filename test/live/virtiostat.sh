# virtiostat refuses in one line where it cannot trace
# virtqueue_add_sgs, naming the mechanisms it lacked (this host: no fentry,
# no kprobes); where it can (the VM tier's kernels; test/vm/guest/
# virtiostat.sh checks its counts there) it starts.  Bad input is one line
# either way, nothing left attached.
. "$TESTLIB"
"$BPFKIT" features >"$T/features.out" 2>&1
has() { grep -Eq "^$1 +yes" "$T/features.out"; }
if ! has fentry && ! has kprobes; then
	expect_bad_input "no fentry, no kprobes" "$BPFKIT" virtiostat
	expect_grep '^virtiostat: cannot trace virtqueue_add_sgs: fentry virtqueue_add_sgs needs fentry: .*; kprobe virtqueue_add_sgs needs kprobes: ' "$T/bad.err"
	expect_no_grep . "$T/bad.out"
	echo "ok: refused: $(cat "$T/bad.err")"
else
	start_tool virtiostat 1
	# 90 s (guest/virtiostat.sh: 60): loading its four scatterlist walks
	# under the VM tier's emulated CPU took 41 s on 6.12.
	wait_for "$T/virtiostat.out" '^Tracing virtio devices statistics \.\.\. Hit Ctrl-C to end\.$' 90
	wait_for "$T/virtiostat.out" '^ +Driver +Device +VQ Name +In SGs +Out SGs +In BW +Out BW$' 10
	stop_tool
	echo "ok: virtiostat attached"
fi
expect_bad_input "an interval that is not a number" "$BPFKIT" virtiostat x
expect_bad_input "a driver name too long to match" "$BPFKIT" virtiostat -d 0123456789abcdef
expect_grep "^virtiostat: -d '0123456789abcdef': names longer than 15 characters cannot match$" "$T/bad.err"
expect_bad_input "a device name too long to match" "$BPFKIT" virtiostat -n virtio0123456789
expect_bad_input "a stray argument" "$BPFKIT" virtiostat 1 2 3
echo PASS
