# The per-file-system latency family's refusals: bad input is one line and
# a non-zero exit before anything loads; on a kernel with neither fentry nor
# kprobes (this project's hosts) every tool of the family says which probe
# and which mechanisms are missing, in one line.  The VM tier's
# test/vm/guest/fsslower.sh and fsdist.sh run them on real disks.
. "$TESTLIB"

expect_bad_input "unknown file system" "$BPFKIT" fsslower -t nosuchfs -m 0
expect_grep "^fsslower: unknown file system type 'nosuchfs': btrfs, ext4, f2fs, nfs, xfs or zfs$" "$T/bad.err"
expect_bad_input "no -t" "$BPFKIT" fsdist
expect_grep '^fsdist: a file system type is needed: -t btrfs, ext4, f2fs, nfs, xfs or zfs$' "$T/bad.err"
expect_bad_input "threshold not a number" "$BPFKIT" ext4slower 10ms
expect_grep "^ext4slower: invalid min_ms '10ms'" "$T/bad.err"
expect_bad_input "-m not a number" "$BPFKIT" fsslower -t ext4 -m x
expect_bad_input "two arguments" "$BPFKIT" xfsslower 1 2
expect_bad_input "CSV and JSON" "$BPFKIT" ext4slower -j --json
expect_grep '^ext4slower: CSV and JSON are two output formats: choose one$' "$T/bad.err"

# A file system this kernel does not have: one line, before any probe.
for fs in zfs f2fs nfs xfs btrfs; do
	grep -qw "$fs" /proc/filesystems && continue
	expect_bad_input "no $fs in this kernel" "$BPFKIT" "${fs}slower" 0
	expect_grep "^${fs}slower: this kernel has no $fs file system \(not in /proc/filesystems\): is its module loaded\? \(modprobe $fs\)$" "$T/bad.err"
	expect_bad_input "no $fs in this kernel (fsdist -t)" "$BPFKIT" fsdist -t "$fs"
done

if [ -e /sys/bus/event_source/devices/kprobe ]; then
	echo "ok: this kernel has kprobes: the VM tier's fsslower.sh and fsdist.sh trace with them"
	echo PASS
	exit 0
fi
# Here: neither mechanism, and no tracepoint gives these facts (the man
# pages say why), so each tool refuses, naming the function.
for tool in ext4slower ext4dist "fsslower -t ext4 -m 0" "fsdist -t ext4"; do
	# shellcheck disable=SC2086
	expect_bad_input "$tool without fentry and kprobes" "$BPFKIT" $tool
	expect_grep ": cannot trace ext4_file_read_iter entry: fentry ext4_file_read_iter needs fentry: .*; kprobe ext4_file_read_iter needs kprobes: " "$T/bad.err"
	expect_no_grep "^(Tracing|TIME)" "$T/bad.out"
done
echo PASS
