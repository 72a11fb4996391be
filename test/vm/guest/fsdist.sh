# The per-file-system latency family on the VM's disks (run-vm.sh makes
# them; /mnt/ext4, /mnt/xfs, /mnt/btrfs): a program does exactly one open,
# two writes, a read and one fsync on a file of its own (fsslower.sh shows
# them one by one); ext4dist, xfsdist and fsdist -t count them per
# operation, in JSON and in BCC's text.
. "$TESTLIB"

# Their modules only for this test (run-vm.sh says why), unloaded after.
trap 'cleanup; for fs in xfs btrfs; do bpfkit-fs down "$fs"; done' EXIT
mounted() { grep -q " /mnt/$1 $1 " /proc/mounts; }
for fs in ext4 xfs btrfs; do
	bpfkit-fs up "$fs" && mounted "$fs" && continue
	# 6.1 and 6.12 must have every disk; older guests may lack a
	# feature today's mkfs turns on.
	case $KERNEL_ID in 6.1 | 6.12) fail "no $fs file system at /mnt/$fs: $(cat /proc/mounts)" ;; esac
	echo "skip: no $fs at /mnt/$fs on $KERNEL_ID"
done

# run FS TOOL HEADER-FILE HEADER-REGEX LAST-REGEX ARGS...: the workload on
# /mnt/FS under TOOL, stopped once LAST-REGEX (the fsync) is in its output.
run() {
	_fs=$1 _tool=$2 _hfile=$3 _header=$4 _last=$5
	shift 5
	name=bpfkit-fs-$$-$_tool
	gated_start "$TESTBIN/fsrw" "/mnt/$_fs/$name"
	start_tool "$_tool" -p "$PROG_PID" "$@"
	wait_for "$T/$_tool.$_hfile" "$_header" 60
	poke
	wait "$PROG_PID" || fail "fsrw failed: $(cat "$T/prog.out")"
	[ -z "$_last" ] || wait_for "$T/$_tool.out" "$_last" 30
	stop_tool
	rm -f "/mnt/$_fs/$name"
}

# The histograms' counts per operation, from -j's objects.
counts() { # FILE: "open N;read N;..." in operation order
	for op in open read write fsync; do
		n=$(grep "\"operation\": *\"$op\"" "$1" | grep -o '"count": *[0-9]*' | awk '{ s += $NF } END { print s + 0 }')
		printf '%s %s;' "$op" "$n"
	done
}
for t in "ext4 ext4dist" "btrfs fsdist -t btrfs"; do
	set -- $t
	mounted "$1" || continue
	_fs=$1 _tool=$2
	shift 2
	run "$_fs" "$_tool" err "^Tracing [a-zA-Z0-9]+ operation latency" "" -j "$@"
	got=$(counts "$T/$_tool.out")
	[ "$got" = "open 1;read 1;write 2;fsync 1;" ] || fail "$_tool: got '$got'"
	echo "ok: $_tool -j: $got"
done
# BCC's text: a section per operation, its counts summed from the rows.
if mounted xfs; then
	run xfs xfsdist out "^Tracing XFS operation latency" ""
	expect_grep '^ +usecs +: count +distribution$' "$T/xfsdist.out"
	got=$(for op in open read write fsync; do
		awk -v op="$op" '/^operation = / { on = ($3 == op) } on && $2 == "->" { s += $5 } END { printf "%s %d;", op, s }' "$T/xfsdist.out"
	done)
	[ "$got" = "open 1;read 1;write 2;fsync 1;" ] || fail "xfsdist: got '$got'"
	echo "ok: xfsdist: $got"
fi
echo PASS
