# funclatency on kernel functions (kprobes/kretprobes; kprobe_multi where
# the kernel has it, 6.12): the test's own N reads of /dev/zero are exactly
# N vfs_read calls of its process, whole and with -F over a glob, under the
# section of vfs_read alone; funcinterval sees the N - 1 intervals between
# them.
. "$TESTLIB"

n=300
for off in "" kprobe_multi; do
	export BPFKIT_DISABLE="$off"
	for args in "vfs_read" "-F vfs_rea*"; do
		gated_start "$TESTBIN/reads" "$n"
		set -f # the glob is funclatency's
		# shellcheck disable=SC2086 # the options and the pattern as words
		start_tool funclatency -u -p "$PROG_PID" $args
		set +f
		wait_for "$T/funclatency.out" '^Tracing [0-9]+ functions for ' 120
		poke
		wait "$PROG_PID" || fail "reads failed"
		stop_tool
		expect_grep "^avg = [0-9]+ usecs, total: [0-9]+ usecs, count: $n\$" "$T/funclatency.out"
		if [ "$args" = vfs_read ]; then
			expect_grep '^Tracing 1 functions for "vfs_read"' "$T/funclatency.out"
			expect_no_grep '^Function = ' "$T/funclatency.out"
		else
			# Only vfs_read was called: its histogram alone, holding all.
			[ "$(grep -c '^Function = ' "$T/funclatency.out")" -eq 1 ] || fail "-F: expected one histogram"
			expect_grep '^Function = vfs_read$' "$T/funclatency.out"
		fi
		sum=$(grep -E '^ +[0-9]+ -> [0-9]+ +: [0-9]+' "$T/funclatency.out" | awk '{ s += $5 } END { print s + 0 }')
		[ "$sum" -eq "$n" ] || fail "$args: $sum calls in the histogram, expected $n"
		echo "ok: funclatency $args: $n vfs_read calls (disabled: ${off:-nothing})"
	done
done
unset BPFKIT_DISABLE
gated_start "$TESTBIN/reads" "$n"
start_tool funcinterval -p "$PROG_PID" vfs_read
wait_for "$T/funcinterval.out" '^Tracing kprobe function for "vfs_read"\.\.\. Hit Ctrl-C to end\.$' 120
poke
wait "$PROG_PID" || fail "reads failed"
stop_tool
sum=$(grep -E '^ +[0-9]+ -> [0-9]+ +: [0-9]+' "$T/funcinterval.out" | awk '{ s += $5 } END { print s + 0 }')
[ "$sum" -eq $((n - 1)) ] || fail "funcinterval: $sum intervals, expected $((n - 1))"
echo "ok: funcinterval: $((n - 1)) intervals between $n vfs_read calls"
BPFKIT_DISABLE=kprobes expect_bad_input "no kprobes" "$BPFKIT" funclatency vfs_read
expect_grep '^funclatency: cannot attach kprobe vfs_read: kprobes: disabled by BPFKIT_DISABLE' "$T/bad.err"
echo PASS
