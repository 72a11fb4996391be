# JIT maps (/tmp/perf-PID.map) are hostile input: any local user can plant
# one.  Only a regular file owned by root or the process's user is read,
# never through a symlink (none that leads out of a container's root
# either), a FIFO does not block, and an oversize map costs a bounded
# amount of time and memory.
. "$TESTLIB"

cp "$TESTBIN/inliner" "$T/victim"
gated_start "$T/victim" 10
P=$PROG_PID
MAP=/tmp/perf-$P.map
cleanup_map() {
	rm -f "$MAP" /tmp/bpfkit-perfmap-elsewhere.$$
	cleanup
}
trap cleanup_map EXIT

# name_at ADDR [PID]: the first line bpfkit sym prints for ADDR, within 10 s
# (a FIFO that blocked the open would otherwise hang the test), with the
# --verbose notes in $T/sym.err.
name_at() {
	timeout 10 "$BPFKIT" sym --verbose -p "${2:-$P}" -f "$1" >"$T/sym.out" 2>"$T/sym.err"
	_rc=$?
	[ "$_rc" -eq 0 ] || fail "sym -p ${2:-$P} $1 exited with $_rc (124: it hung)"
	sed -n 1p "$T/sym.out"
}

printf '10000000 40 jit_compiled_fn\n10000040 40 jit_other\n' >"$MAP"
[ "$(name_at 0x10000048)" = jit_other ] || fail "root's map not read: $(cat "$T/sym.out" "$T/sym.err")"
echo "ok: a map owned by root names jit_other"

chown 65534:65534 "$MAP"
[ "$(name_at 0x10000048)" = "??" ] || fail "a map owned by nobody named a root process's frame: $(cat "$T/sym.out")"
expect_grep "perf-$P.map is owned by uid 65534, neither root nor the process's user: not read" "$T/sym.err"
echo "ok: a map owned by another user is ignored: $(cat "$T/sym.err")"

# The same file is the process's own when the process runs as that user
# (util-linux's setpriv; busybox's takes other options).
if setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	chmod 711 "$T" # nobody may run the victim in it
	mkfifo "$T/gate_nobody"
	exec 5<>"$T/gate_nobody"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$T/victim" 10 <&5 >/dev/null 2>&1 &
	NP=$!
	BG_PIDS="$BG_PIDS $NP"
	_deadline=$(( $(date +%s) + 20 ))
	until [ "$(readlink "/proc/$NP/exe" 2>/dev/null)" = "$T/victim" ]; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "victim did not start as nobody"
		sleep 0.01
	done
	printf '10000000 40 nobody_jit\n' >"/tmp/perf-$NP.map"
	chown 65534:65534 "/tmp/perf-$NP.map"
	n=$(name_at 0x10000008 "$NP")
	rm -f "/tmp/perf-$NP.map"
	[ "$n" = nobody_jit ] || fail "nobody's process did not get its own map: $(cat "$T/sym.out" "$T/sym.err")"
	kill -9 "$NP"
	echo "ok: a process running as nobody reads the map nobody owns"
else
	echo "ok: (no setpriv here: the map of a process running as another user is not tried)"
fi

# A symlink is not followed, even to a map that would be accepted.
rm -f "$MAP"
printf '10000000 40 via_symlink\n' >/tmp/bpfkit-perfmap-elsewhere.$$
ln -s /tmp/bpfkit-perfmap-elsewhere.$$ "$MAP"
[ "$(name_at 0x10000008)" = "??" ] || fail "a symlinked map was followed: $(cat "$T/sym.out")"
expect_grep "perf-$P.map is a symbolic link: not read" "$T/sym.err"
rm -f "$MAP"
ln -s /dev/zero "$MAP"
[ "$(name_at 0x10000008)" = "??" ] || fail "symlink to /dev/zero: $(cat "$T/sym.out")"
echo "ok: symlinks (to a map, to /dev/zero) are refused"

# A FIFO: opening it for reading would wait for a writer forever.
rm -f "$MAP"
mkfifo "$MAP"
[ "$(name_at 0x10000008)" = "??" ] || fail "FIFO: $(cat "$T/sym.out")"
expect_grep "perf-$P.map is not a regular file: not read" "$T/sym.err"
echo "ok: a FIFO does not block"

# Oversize: a 1 GiB sparse map with one entry at its start and one past the
# 64 MiB read.  The first names its frame, the second is never reached, and
# the symbolizer's peak RSS stays far below the file's size.
rm -f "$MAP"
printf '10000000 40 jit_first\n' >"$MAP"
printf '20000000 40 jit_far\n' | dd of="$MAP" bs=1M seek=100 conv=notrunc 2>/dev/null
truncate -s 1G "$MAP"
rm -f "$T/in"
mkfifo "$T/in"
"$BPFKIT" sym --verbose -p "$P" -f <"$T/in" >"$T/big.out" 2>"$T/big.err" &
SP=$!
BG_PIDS="$BG_PIDS $SP"
exec 6>"$T/in"
echo 0x10000008 >&6
wait_for "$T/big.out" '^(jit_first|\?\?)$' 20
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SP/status")
echo 0x20000008 >&6
exec 6>&-
wait "$SP" || fail "sym on the oversize map exited with $?"
[ "$(sed -n 1p "$T/big.out")" = jit_first ] || fail "oversize map: first entry: $(cat "$T/big.out")"
[ "$(sed -n 3p "$T/big.out")" = "??" ] || fail "oversize map read past 64 MiB: $(cat "$T/big.out")"
expect_grep "perf-$P.map larger than 64 MiB, only its start read" "$T/big.err"
[ "$hwm" -lt 102400 ] || fail "peak RSS ${hwm} KiB reading a 1 GiB map"
echo "ok: a 1 GiB map is read to 64 MiB (peak RSS ${hwm} KiB)"
rm -f "$MAP"
poke
wait "$P"

# In another root, as a container's process: the map is its root's
# /tmp/perf-NSPID.map, and a symlink there (absolute, which the kernel
# would resolve against our root) does not lead out to the host's files.
R="$T/root"
mkdir -p "$R/bin" "$R/tmp"
cp "$TESTBIN/inliner" "$R/bin/inliner"
mkfifo "$T/gate2"
exec 4<>"$T/gate2"
if command -v unshare >/dev/null && unshare --pid --fork true 2>/dev/null; then
	unshare --pid --fork chroot "$R" /bin/inliner 10 <&4 >/dev/null 2>&1 &
	inpid=1
else
	chroot "$R" /bin/inliner 10 <&4 >/dev/null 2>&1 &
	inpid=
fi
BG_PIDS="$BG_PIDS $!"
_deadline=$(( $(date +%s) + 20 ))
C=
while [ -z "$C" ]; do
	[ "$(date +%s)" -lt "$_deadline" ] || fail "the contained inliner did not start"
	for d in /proc/[0-9]*; do
		[ "$(readlink "$d/root" 2>/dev/null)" = "$R" ] && [ "$(cat "$d/comm" 2>/dev/null)" = inliner ] &&
			C=${d#/proc/}
	done
	sleep 0.01
done
BG_PIDS="$BG_PIDS $C"
inpid=${inpid:-$C}
printf '10000000 40 contained_jit\n' >"$R/tmp/perf-$inpid.map"
[ "$(name_at 0x10000008 "$C")" = contained_jit ] || fail "container map (perf-$inpid.map): $(cat "$T/sym.out" "$T/sym.err")"
rm "$R/tmp/perf-$inpid.map"
ln -s /tmp/bpfkit-perfmap-elsewhere.$$ "$R/tmp/perf-$inpid.map"
[ "$(name_at 0x10000008 "$C")" = "??" ] || fail "a container's symlink led to the host's file: $(cat "$T/sym.out")"
echo "ok: container (pid $C, $inpid inside): its own map; its symlink to the host refused"
echo go >&4
echo PASS
