# What the page cache tests share (cachestat, cachetop, readahead,
# writeback): an ext4 to work on and test/progs/cacheuser driven through
# FIFOs.  Source after lib.sh; a library, not a test (ctest and the VM
# runner leave it out, as lib.sh and netns.sh).

# cache_fs LOOP-OPTIONS [VM-REMOUNT-OPTIONS]: $DIR, an ext4 of the test's
# own: on the VM tier its /mnt/ext4 (remounted with VM-REMOUNT-OPTIONS if
# given), here lib.sh's loop_mount of 32 MB mounted with LOOP-OPTIONS
# (data=journal: one page a folio, as the VM kernels' ext4 has them, so
# the counts are pages).  Without either (no /mnt/ext4, no mkfs.ext4) the
# test passes, saying so.
cache_fs() {
	if [ -n "${KERNEL_ID:-}" ] && grep -q ' /mnt/ext4 ext4 ' /proc/mounts; then
		if [ -n "${2:-}" ]; then
			mount -o "remount,$2" /mnt/ext4 || fail "cannot remount /mnt/ext4 $2"
		fi
		DIR=/mnt/ext4
	elif command -v mkfs.ext4 >/dev/null; then
		loop_mount 32 "$1"
		DIR=$LOOP_DIR
	else
		echo "ok: no ext4 to test on (no mkfs.ext4 or loop device, no /mnt/ext4)"
		echo PASS
		exit 0
	fi
}

# cache_fifos: a tmpfs ($FIFOS) for cacheuser's FIFOs, unmounted at exit:
# a write of its own to $T/prog.out would dirty pages and buffers the tools
# count, and so would a FIFO on ext4 (its inode's times).
FIFOS=""
cache_fifos_cleanup() {
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	exec 3>&-
	[ -n "$FIFOS" ] && umount "$FIFOS"
	FIFOS=""
}
cache_fifos() {
	at_exit cache_fifos_cleanup
	mkdir "$T/fifos" && mount -t tmpfs fifos "$T/fifos" || fail "cannot mount a tmpfs"
	FIFOS="$T/fifos"
}

# cache_user FILE: cacheuser on FILE, its commands on fd 3, its answers
# (through $FIFOS) in $T/prog.out; its PID in $PROG_PID.
cache_user() {
	exec 3>&-
	rm -f "$FIFOS/gate" "$FIFOS/answers"
	mkfifo "$FIFOS/gate" "$FIFOS/answers"
	exec 3<>"$FIFOS/gate"
	cat "$FIFOS/answers" >"$T/prog.out" &
	BG_PIDS="$BG_PIDS $!"
	"$TESTBIN/cacheuser" "$1" <&3 >"$FIFOS/answers" &
	PROG_PID=$!
	BG_PIDS="$BG_PIDS $PROG_PID"
	said=0
}

# cache_say LAST-ANSWER COMMANDS...: the commands to cache_user's
# cacheuser, until it answers the last one.
said=0
cache_say() {
	_last=$1
	shift
	for c in "$@"; do echo "$c" >&3; done
	said=$((said + $#))
	wait_for_lines "$T/prog.out" '.' "$said"
	tail -n 1 "$T/prog.out" | grep -qx "$_last" || fail "cacheuser answered $(tail -n 1 "$T/prog.out"), not $_last"
}
