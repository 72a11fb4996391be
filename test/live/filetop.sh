# filetop's refusals: bad input is one line before anything loads; a
# kernel with neither fentry nor kprobes (this project's hosts) gets one
# line naming vfs_read and both mechanisms.  The VM tier's
# test/vm/guest/filetop.sh counts with them.
. "$TESTLIB"

expect_bad_input "unknown sort column" "$BPFKIT" filetop -s size
expect_grep "^filetop: invalid sort column 'size': all, reads, writes, rbytes or wbytes$" "$T/bad.err"
expect_bad_input "-r not a number" "$BPFKIT" filetop -r many
expect_bad_input "-r 0" "$BPFKIT" filetop -r 0
expect_bad_input "interval not a number" "$BPFKIT" filetop x
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	echo "ok: this kernel has kprobes: the VM tier's filetop.sh counts with them"
	echo PASS
	exit 0
fi
expect_bad_input "no fentry, no kprobes" "$BPFKIT" filetop -C 1 1
expect_grep '^filetop: cannot trace vfs_read entry: fentry vfs_read needs fentry: .*; kprobe vfs_read needs kprobes: ' "$T/bad.err"
expect_no_grep '^(Tracing|TID)' "$T/bad.out"
echo PASS
