# funclatency on kernel functions: by fentry/fexit where the kernel has
# trampolines (all three guests; before 5.17 without bpf_get_func_ret), else by
# kprobes/kretprobes (kprobe_multi where the kernel has it, 6.12), and by
# kprobes with -k.  The test's own N reads of /dev/zero are exactly N
# vfs_read calls of its process, whole and with -F over a glob, under the
# section of vfs_read alone; funcinterval sees the N - 1 intervals between
# them.
. "$TESTLIB"

# The mechanism, from the programs -v prints: fentry only with nothing
# disabled, no -k, on a kernel that has trampolines.
trampolines=no
"$BPFKIT" features | grep -Eq '^fentry +yes' && trampolines=yes
n=300
for off in "" fentry "fentry kprobe_multi" -k; do
	export BPFKIT_DISABLE="$off" opt=
	[ "$off" = -k ] && BPFKIT_DISABLE= opt=-k
	for args in "vfs_read" "-F vfs_rea*"; do
		gated_start "$TESTBIN/reads" "$n"
		set -f # the glob is funclatency's
		# shellcheck disable=SC2086 # the options and the pattern as words
		start_tool funclatency -v $opt -u -p "$PROG_PID" $args
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
		if [ -z "$off" ] && [ "$trampolines" = yes ]; then
			expect_grep '^; program on_fentry0 ' "$T/funclatency.out"
			expect_grep '^; program on_fexit0 ' "$T/funclatency.out"
			expect_no_grep '^; program on_k' "$T/funclatency.out"
			mech=fentry
		else
			expect_no_grep '^; program on_fe' "$T/funclatency.out"
			expect_grep '^; program on_kprobe' "$T/funclatency.out"
			expect_grep '^; program on_kretprobe' "$T/funclatency.out"
			mech=kprobes
		fi
		echo "ok: funclatency $opt $args: $n vfs_read calls by $mech (disabled: ${BPFKIT_DISABLE:-nothing})"
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
# More than 8 kernel functions: kprobes (one kprobe_multi link where the
# kernel has them), not a trampoline program loaded for each.
set -f
start_tool funclatency -v -d 1 'vfs_*'
set +f
wait_tool 120
[ "$TOOL_RC" -eq 0 ] || fail "funclatency 'vfs_*' exited $TOOL_RC"
nf=$(sed -n 's/^Tracing \([0-9]*\) functions for .*/\1/p' "$T/funclatency.out")
[ "${nf:-0}" -gt 8 ] || fail "'vfs_*': expected more than 8 functions, got '$nf'"
expect_grep '^; program on_kretprobe' "$T/funclatency.out"
expect_no_grep '^; program on_fe' "$T/funclatency.out"
echo "ok: $nf functions by kprobes"

# Without kprobes: by trampolines where the kernel has them, else refused.
if [ "$trampolines" = yes ]; then
	export BPFKIT_DISABLE=kprobes
	start_tool funclatency -d 1 vfs_read
	wait_tool 60
	unset BPFKIT_DISABLE
	[ "$TOOL_RC" -eq 0 ] || fail "funclatency by fentry without kprobes exited $TOOL_RC"
	expect_grep '^Tracing 1 functions for "vfs_read"' "$T/funclatency.out"
	echo "ok: without kprobes, by fentry"
fi
BPFKIT_DISABLE="kprobes fentry" expect_bad_input "no kprobes" "$BPFKIT" funclatency vfs_read
expect_grep '^funclatency: cannot attach kprobe vfs_read: kprobes: disabled by BPFKIT_DISABLE' "$T/bad.err"
echo PASS
