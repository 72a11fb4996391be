# The per-file-system latency family on the VM's disks (run-vm.sh makes
# them; /mnt/ext4, /mnt/xfs, /mnt/btrfs): a program does exactly one open,
# a 4096-byte write at 0, an 8192-byte write at 4096, a 4096-byte read at
# 8192 and one fsync on a file of its own; ext4slower, xfsslower,
# btrfsslower and fsslower -t show those five with their bytes, offsets and
# the file's name (text, CSV, JSON; fentry, and kprobes with fentry
# disabled).  fsdist.sh counts them with the histogram tools.
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

BCC_HEADER='^TIME +COMM +PID +T +BYTES +OFF_KB +LAT\(ms\) +FILENAME$'
# The five operations as BCC prints them: T BYTES OFF_KB, in order.
expect_text() { # FILE
	got=$(grep " $name\$" "$1" | awk -v p="$PROG_PID" '$2 == "fsrw" && $3 == p { printf "%s %s %s;", $4, $5, $6 }')
	[ "$got" = "O 0 0;W 4096 0;W 8192 4;R 4096 8;S 0 0;" ] || fail "$1: expected O, W, W, R, S of $name, got '$got'"
	echo "ok: $1: $got"
}

check_slower() { # FS TOOL
	_fs=$1 _tool=$2
	mounted "$_fs" || return 0
	if [ "$_fs" = xfs ]; then mechs="fentry kprobe"; else mechs=fentry; fi
	for mech in $mechs; do
		if [ "$mech" = kprobe ]; then export BPFKIT_DISABLE=fentry; else unset BPFKIT_DISABLE; fi
		run "$_fs" "$_tool" out "$BCC_HEADER" " S 0 +0 +[0-9.]+ bpfkit-fs-" --verbose 0
		# A module without BTF (5.10's xfs) cannot have fentry.
		want=$mech
		[ -e "/sys/kernel/btf/$_fs" ] || [ ! -e "/sys/module/$_fs" ] || want=kprobe
		expect_grep "probe ${_fs}_[a-z_]*read_iter entry: $want " "$T/$_tool.err"
		[ "$want" = fentry ] || expect_grep "probe ${_fs}_[a-z_]*read_iter return: kretprobe " "$T/$_tool.err"
		expect_grep "^Tracing [a-zA-Z0-9]+ operations$" "$T/$_tool.out"
		expect_text "$T/$_tool.out"
	done
	unset BPFKIT_DISABLE
}
check_slower ext4 ext4slower
check_slower xfs xfsslower

# BCC's -j: CSV, the offset in bytes, the end time in microseconds.
run ext4 ext4slower out '^ENDTIME_us,TASK,PID,TYPE,BYTES,OFFSET_b,LATENCY_us,FILE$' ",S,0,0,[0-9]+,bpfkit-fs-" -j 0
got=$(grep ",$name\$" "$T/ext4slower.out" | awk -F, -v p="$PROG_PID" '$2 == "fsrw" && $3 == p { printf "%s %s %s;", $4, $5, $6 }')
[ "$got" = "O 0 0;W 4096 0;W 8192 4096;R 4096 8192;S 0 0;" ] || fail "ext4slower -j: got '$got'"
echo "ok: ext4slower -j: $got"

# libbpf-tools' form, JSON: the header on stderr, one object per operation.
run xfs fsslower err '^TIME +COMM +PID +T +BYTES' '"t": ?"S"' -t xfs -m 0 -j
got=$(grep "\"$name\"" "$T/fsslower.out" | sed -n 's/.*"t": *"\([A-Z]\)".*"bytes": *\([0-9]*\).*"off_kb": *\([0-9]*\).*/\1 \2 \3/p' | tr '\n' ';')
[ "$got" = "O 0 0;W 4096 0;W 8192 4;R 4096 8;S 0 0;" ] || fail "fsslower -j: got '$got'"
expect_grep '^Tracing xfs operations\.\.\. Hit Ctrl-C to end\.$' "$T/fsslower.err"
echo "ok: fsslower -t xfs -j: $got"

echo PASS
