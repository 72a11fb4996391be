# Kernel functions by pattern: funccount attaches dozens of vfs_* kprobes
# (one kprobe_multi link on 6.12, single kprobes on 6.1), counts, and
# detaches; exact counts for a workload's reads.
. "$TESTLIB"

gated_start "$TESTBIN/reads" 2500
start_tool funccount --verbose -p "$PROG_PID" 'vfs_*'
# Single kprobes (6.1, 5.10) attach one at a time, slowly under emulation:
# on a busy host the lot took over 20 s on 5.10.
wait_for "$T/funccount.out" '^Tracing [0-9]+ functions for "vfs_\*"' 90
n=$(sed -n 's/^Tracing \([0-9]*\) functions.*/\1/p' "$T/funccount.out")
[ "$n" -ge 24 ] || fail "only $n vfs_* functions"
poke
wait "$PROG_PID"
stop_tool
expect_grep '^vfs_read +2500$' "$T/funccount.out"
# One kprobe_multi link where the kernel has fprobe (6.12), single kprobes
# on 6.1.
case "$KERNEL_ID" in
6.12) expect_grep "debug: $n kprobes attached with one kprobe_multi link" "$T/funccount.err" ;;
6.1) expect_no_grep 'kprobe_multi link' "$T/funccount.err" ;;
esac
echo "ok: $n functions attached, vfs_read counted 2500 times"

# The same through single kprobes when kprobe_multi is switched off.
BPFKIT_DISABLE=kprobe_multi "$BPFKIT" funccount -d 0.5 'vfs_read*' >"$T/single.out" 2>&1 || fail "single kprobes"
expect_grep '^Tracing [0-9]+ functions' "$T/single.out"
# Nothing is left attached once the tool exits.
[ -z "$(grep -v '^ *[0-9]* *$' /sys/kernel/tracing/kprobe_events 2>/dev/null)" ] || fail "kprobe_events left behind"
echo PASS
