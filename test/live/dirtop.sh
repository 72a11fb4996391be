# dirtop's refusals: bad input is one line before anything loads; a
# kernel with neither fentry nor kprobes (this project's hosts) gets one
# line naming vfs_read and both mechanisms.  The VM tier's
# test/vm/guest/dirtop.sh counts with them.
. "$TESTLIB"

expect_bad_input "no -d" "$BPFKIT" dirtop
expect_grep '^dirtop: the directories to watch are needed: -d DIRECTORY\[,DIRECTORY...\]$' "$T/bad.err"
expect_bad_input "no such directory" "$BPFKIT" dirtop -d "$T/nosuch*"
expect_grep "^dirtop: no directory matches '$T/nosuch\*'$" "$T/bad.err"
: >"$T/plainfile"
expect_bad_input "a file, not a directory" "$BPFKIT" dirtop -d "$T,$T/plainfile"
expect_bad_input "unknown sort column" "$BPFKIT" dirtop -d "$T" -s size
if [ -e /sys/bus/event_source/devices/kprobe ]; then
	echo "ok: this kernel has kprobes: the VM tier's dirtop.sh counts with them"
	echo PASS
	exit 0
fi
expect_bad_input "no fentry, no kprobes" "$BPFKIT" dirtop -d "$T" -C 1 1
expect_grep '^dirtop: cannot trace vfs_read entry: fentry vfs_read needs fentry: .*; kprobe vfs_read needs kprobes: ' "$T/bad.err"
expect_no_grep '^(Tracing|READS)' "$T/bad.out"
echo PASS
