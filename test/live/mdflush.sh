# mdflush refuses in one line where it cannot trace md_flush_request,
# naming why: on a kernel without fentry and kprobes (this host) the
# mechanisms each lacked; where they exist but the md driver is not
# loaded (the VM tier's kernels: md_mod is a module their initramfs lacks)
# the driver.  Nothing is left attached either way.
. "$TESTLIB"
"$BPFKIT" features >"$T/features.out" 2>&1
has() { grep -Eq "^$1 +yes" "$T/features.out"; }
if ! has fentry && ! has kprobes; then
	expect_bad_input "no fentry, no kprobes" "$BPFKIT" mdflush
	expect_grep '^mdflush: cannot trace md_flush_request: fentry md_flush_request needs fentry: .*; kprobe md_flush_request needs kprobes: ' "$T/bad.err"
	expect_no_grep . "$T/bad.out"
elif [ ! -e /sys/module/md_mod ]; then
	expect_bad_input "no md driver" "$BPFKIT" mdflush
	expect_grep '^mdflush: cannot trace md_flush_request: the md driver is not loaded' "$T/bad.err"
	expect_no_grep . "$T/bad.out"
else
	# An md driver and a way to reach it: the tool must start.
	start_tool mdflush
	wait_for "$T/mdflush.out" '^TIME     PID     COMM             DEVICE$'
	stop_tool
	echo "ok: mdflush attached to md_flush_request"
fi
expect_bad_input "a stray argument" "$BPFKIT" mdflush sda
