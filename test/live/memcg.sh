# A memory cgroup for the memory tools' tests (sourced after lib.sh):
# memcg_make LIMIT_MB [swap] makes one whose processes may use LIMIT_MB
# megabytes and no swap (with "swap": any swap, and on v2 LIMIT_MB is where
# reclaim starts rather than a hard limit), in $MEMCG; memcg_enter PID
# moves a process into it.  On
# cgroup v1 (this host: the memory controller mounted on its own) it is a
# child of this shell's memory cgroup; on v2 a child of the unified
# hierarchy, mounted here when nothing is (the VM guests).  Removed at exit,
# once what the test started is gone.
MEMCG=""
MEMCG_MNT=""
memcg_cleanup() {
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
	[ -n "$MEMCG" ] && rmdir "$MEMCG" 2>/dev/null
	[ -n "$MEMCG_MNT" ] && umount "$MEMCG_MNT" 2>/dev/null
	MEMCG="" MEMCG_MNT=""
}
memcg_make() {
	at_exit memcg_cleanup
	_bytes=$(($1 * 1024 * 1024))
	_v1=$(awk '$3 == "cgroup" && $4 ~ /(^|,)memory(,|$)/ { print $2; exit }' /proc/mounts)
	if [ -n "$_v1" ]; then
		_path=$(awk -F: '$2 ~ /(^|,)memory(,|$)/ { print $3; exit }' /proc/self/cgroup)
		MEMCG=$_v1$_path/bpfkit-$$
		mkdir "$MEMCG" || fail "mkdir $MEMCG"
		echo "$_bytes" >"$MEMCG/memory.limit_in_bytes" || fail "memory.limit_in_bytes"
		[ -f "$MEMCG/memory.memsw.limit_in_bytes" ] && [ "${2:-}" != swap ] &&
			echo "$_bytes" >"$MEMCG/memory.memsw.limit_in_bytes"
		return 0
	fi
	_v2=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
	if [ -z "$_v2" ]; then
		mkdir "$T/cgroup2"
		mount -t cgroup2 none "$T/cgroup2" || fail "no memory cgroup: mount -t cgroup2 failed"
		MEMCG_MNT=$T/cgroup2 _v2=$T/cgroup2
	fi
	grep -qw memory "$_v2/cgroup.controllers" || fail "no memory controller in $_v2"
	grep -qw memory "$_v2/cgroup.subtree_control" || echo +memory >"$_v2/cgroup.subtree_control" ||
		fail "cannot enable the memory controller in $_v2"
	MEMCG=$_v2/bpfkit-$$
	mkdir "$MEMCG" || fail "mkdir $MEMCG"
	# With swap the limit is memory.high: reclaim swaps the excess out and
	# throttles the task, where memory.max's reclaim could give up (swap
	# writeback to a slow emulated disk) and call the OOM killer, which
	# killed swapin's memhog once in the 6.12 guest.
	if [ "${2:-}" = swap ]; then
		echo "$_bytes" >"$MEMCG/memory.high" || fail "memory.high"
	else
		echo "$_bytes" >"$MEMCG/memory.max" || fail "memory.max"
	fi
	[ -f "$MEMCG/memory.swap.max" ] && { [ "${2:-}" = swap ] && echo max || echo 0; } >"$MEMCG/memory.swap.max"
	return 0
}
memcg_enter() {
	echo "$1" >"$MEMCG/cgroup.procs" || fail "cannot move $1 into $MEMCG"
}

# memcg_hog LIMIT_MB MB [EVERY]: test/progs/memhog (gated: poke starts it)
# in a new memory cgroup of LIMIT_MB, to touch MB megabytes; $PROG_PID.
memcg_hog() {
	memcg_make "$1"
	gated_start "$TESTBIN/memhog" "$2" ${3:-}
	memcg_enter "$PROG_PID"
}

# memcg_dir: a directory on a disk (page cache that reclaim can drop): the
# VM guests' /mnt/ext4 (their /tmp is in memory), else the test's own.
memcg_dir() {
	if [ -n "${KERNEL_ID:-}" ] && grep -q ' /mnt/ext4 ext4 ' /proc/mounts; then
		echo /mnt/ext4
	else
		echo "$T"
	fi
}
