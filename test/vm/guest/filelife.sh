# The fexit -> kretprobe chain (with fentry -> kprobe for the entries)
# through the core engine: filelife reports a file's lifespan the same way
# through trampolines and through kprobes.
. "$TESTLIB"

for off in "" fentry; do
	export BPFKIT_DISABLE="$off"
	name="bpfkit-life-$$-${off:-fentry}"
	gated_start "$TESTBIN/filemaker" "$T/$name" 300
	start_tool filelife --verbose -p "$PROG_PID"
	wait_for "$T/filelife.out" '^TIME +PID +COMM +AGE\(s\) +FILE$'
	poke
	wait "$PROG_PID" || fail "filemaker failed"
	wait_for "$T/filelife.out" "$name"
	stop_tool
	if [ -z "$off" ]; then ret=fexit entry=fentry; else ret=kretprobe entry=kprobe; fi
	expect_grep "probe vfs_unlink return: $ret vfs_unlink" "$T/filelife.err"
	expect_grep "probe vfs_unlink entry: $entry vfs_unlink" "$T/filelife.err"
	line=$(grep " $name\$" "$T/filelife.out")
	set -- $line
	[ "$2" = "$PROG_PID" ] && [ "$3" = filemaker ] || fail "$ret: wrong PID/COMM: $line"
	# Kept 300 ms: allow TCG's slowness, not a wrong clock.
	awk -v a="$4" 'BEGIN { exit !(a >= 0.29 && a <= 0.60) }' || fail "$ret: age $4 s, expected about 0.30"
	echo "ok: $ret: $line"
done
echo PASS
