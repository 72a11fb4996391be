# The static binary runs from an otherwise empty root with only /proc and
# /sys mounted (a FROM scratch container), and traces there.
. "$TESTLIB"

command -v unshare >/dev/null && command -v chroot >/dev/null || fail "unshare and chroot are needed"
R="$T/root"
mkdir -p "$R/proc" "$R/sys"
cp "$BPFKIT" "$R/bpfkit"
cp "$TESTBIN/getpids" "$R/getpids"
# A private mount namespace: the mounts vanish with it.
unshare -m sh -c '
	mount -t proc proc "$1/proc" && mount -t sysfs sysfs "$1/sys" || exit 99
	chroot "$1" /bpfkit features >"$2/features.out" 2>&1 || exit 98
	mkfifo "$1/gate"
	chroot "$1" /getpids 321 <"$1/gate" &
	prog=$!
	chroot "$1" /bpfkit syscount -d 30 -p $prog >"$2/scratch.out" 2>"$2/scratch.err" &
	tool=$!
	deadline=$(( $(date +%s) + 20 ))
	until grep -q "^Tracing" "$2/scratch.out"; do
		[ "$(date +%s)" -lt "$deadline" ] || exit 97
		sleep 0.05
	done
	echo go >"$1/gate"
	wait $prog
	kill -INT $tool
	wait $tool
' sh "$R" "$T"
rc=$?
[ "$rc" -eq 0 ] || fail "in the empty root: exit $rc"
expect_grep '^btf +yes' "$T/features.out"
expect_grep '^getpid +321$' "$T/scratch.out"
[ "$(ls "$R" | wc -l)" -eq 5 ] || fail "root gained files: $(ls "$R")"
echo PASS
