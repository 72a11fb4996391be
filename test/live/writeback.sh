# writeback sees the flusher write back what the test dirtied: 64 pages
# written to a file on an ext4 of the test's own, then syncfs(): the works of
# that device, reason sync, wrote exactly 64 pages between them.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/cacheuser.sh"
cache_fs defaults
# The backing device's name, as the kernel names it: MAJ:MIN of the disk.
dev=$(awk -v d="$DIR" '$5 == d { print $3 }' /proc/self/mountinfo)
[ -n "$dev" ] || fail "no device for $DIR in /proc/self/mountinfo"
sync

for args in "" -j; do
	if [ -n "$args" ]; then hdr="$T/writeback.err"; else hdr="$T/writeback.out"; fi
	gated_start "$TESTBIN/cacheuser" "$DIR/writeback-$$"
	# shellcheck disable=SC2086
	start_tool writeback $args
	wait_for "$hdr" '^TIME +DEVICE +PAGES +REASON +ms$'
	printf 'write 262144\nsyncfs\n' >&3
	wait_for "$T/prog.out" '^syncedfs$'
	kill "$PROG_PID"
	stop_tool
	expect_grep '^Tracing writeback\.\.\. Hit Ctrl-C to end\.$' "$hdr"
	if [ -n "$args" ]; then
		expect_grep "^\{\"time\": \"[0-9:]{8}\", \"device\": \"$dev\", \"pages\": [0-9]+, \"reason\": \"sync\", \"ms\": [0-9]+\.[0-9]+\}\$" "$T/writeback.out"
		sum=$(sed -n "s/.*\"device\": \"$dev\", \"pages\": \([0-9]*\), \"reason\": \"sync\".*/\1/p" "$T/writeback.out" | awk '{ s += $1 } END { print s + 0 }')
	else
		expect_grep "^[0-9:]{8}  $dev +[0-9]+ +sync +[0-9]+\.[0-9]{3}\$" "$T/writeback.out"
		sum=$(awk -v d="$dev" '$2 == d && $4 == "sync" { s += $3 } END { print s + 0 }' "$T/writeback.out")
	fi
	[ "$sum" -eq 64 ] || fail "writeback ${args:-(text)}: $sum pages written back on $dev for sync, expected 64"
	echo "ok: 64 pages written back on $dev, reason sync ${args:+(-j)}"
	rm -f "$DIR/writeback-$$"
done

expect_bad_input "duration not a number" "$BPFKIT" writeback -d x
expect_bad_input "an argument it does not take" "$BPFKIT" writeback 5
echo PASS
