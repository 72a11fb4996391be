# vfscount counts the test's own reads: N one-byte reads of /dev/zero are N
# vfs_read calls at least (other processes read too), by kprobe_multi on
# 6.12 and a kprobe per function on 6.1, in text and in -j.
. "$TESTLIB"

n=500
for args in "" -j; do
	gated_start "$TESTBIN/reads" "$n"
	start_tool vfscount $args
	if [ -n "$args" ]; then hdr="$T/vfscount.err"; else hdr="$T/vfscount.out"; fi
	wait_for "$hdr" '^Tracing\.\.\. Ctrl-C to end\.$' 120
	poke
	wait "$PROG_PID" || fail "reads failed"
	stop_tool
	if [ -n "$args" ]; then
		expect_grep '^ADDR +FUNC +COUNT$' "$T/vfscount.err"
		line=$(grep '"func": "vfs_read"' "$T/vfscount.out") || fail "-j: no vfs_read object"
		echo "$line" | grep -Eq '^\{"addr": [1-9][0-9]*, "func": "vfs_read", "count": [0-9]+\}$' || fail "-j: $line"
		count=$(echo "$line" | sed 's/.*"count": \([0-9]*\)}$/\1/')
	else
		expect_grep "^$(printf '%-16s %-26s %8s' ADDR FUNC COUNT)\$" "$T/vfscount.out"
		line=$(grep -E '^[0-9a-f]{16} vfs_read +[0-9]+$' "$T/vfscount.out") || fail "no vfs_read row"
		count=${line##* }
		# The address is vfs_read's, as /proc/kallsyms has it.
		addr=$(grep ' [Tt] vfs_read$' /proc/kallsyms | cut -d' ' -f1)
		[ "${line%% *}" = "$addr" ] || fail "vfs_read at ${line%% *}, kallsyms says $addr"
	fi
	[ "$count" -ge "$n" ] || fail "vfscount $args: vfs_read counted $count, expected at least $n"
	echo "ok: vfscount $args: vfs_read $count >= $n"
done
echo PASS
