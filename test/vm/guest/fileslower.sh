# fileslower through vfs_read/vfs_write (fentry; then kprobes, with fentry
# disabled, and -a): test/progs/fsrw's two writes and one read of its own
# file, with the bytes asked for and the file's name; -a adds what is not a
# regular file (its 1-byte write to /dev/null).
. "$TESTLIB"

for run in fentry: kprobe:-a; do
	mech=${run%%:*} a=${run#*:}
	if [ "$mech" = kprobe ]; then export BPFKIT_DISABLE=fentry; else unset BPFKIT_DISABLE; fi
	{
		name=bpfkit-fsl-$$-$mech
		gated_start "$TESTBIN/fsrw" "$T/$name"
		# shellcheck disable=SC2086
		start_tool fileslower --verbose -p "$PROG_PID" $a 0
		wait_for "$T/fileslower.out" '^TIME\(s\) +COMM +TID +D +BYTES +LAT\(ms\) +FILENAME$' 60
		poke
		wait "$PROG_PID" || fail "fsrw failed"
		# Its last write: "done" to prog.out, at exit.
		wait_for "$T/fileslower.out" ' W 5 +[0-9.]+ prog\.out$' 30
		stop_tool
		expect_grep "^Tracing sync read/writes slower than 0 ms$" "$T/fileslower.out"
		expect_grep "probe vfs_read entry: $mech vfs_read" "$T/fileslower.err"
		got=$(awk -v p="$PROG_PID" '$2 == "fsrw" && $3 == p { printf "%s %s %s;", $4, $5, $7 }' "$T/fileslower.out")
		if [ -z "$a" ]; then null=""; else null="W 1 null;"; fi
		want="W 4096 $name;W 8192 $name;R 4096 $name;${null}W 5 prog.out;"
		[ "$got" = "$want" ] || fail "$mech $a: expected '$want', got '$got'"
		echo "ok: $mech ${a:-(regular files)}: $got"
	}
done
echo PASS
