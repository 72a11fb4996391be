# fileslower's refusals: bad input is one line before anything loads; a
# kernel with neither fentry nor kprobes (this project's hosts) gets one
# line naming vfs_read and both mechanisms.  The VM tier's
# test/vm/guest/fileslower.sh traces with them.
. "$TESTLIB"

expect_bad_input "threshold not a number" "$BPFKIT" fileslower 1.5
expect_grep "^fileslower: invalid min_ms '1.5'" "$T/bad.err"
expect_bad_input "two arguments" "$BPFKIT" fileslower 1 2
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	echo "ok: this kernel has kprobes: the VM tier's fileslower.sh traces with them"
	echo PASS
	exit 0
fi
expect_bad_input "no fentry, no kprobes" "$BPFKIT" fileslower 0
expect_grep '^fileslower: cannot trace vfs_read entry: fentry vfs_read needs fentry: .*; kprobe vfs_read needs kprobes: ' "$T/bad.err"
expect_no_grep '^(Tracing|TIME)' "$T/bad.out"
echo PASS
