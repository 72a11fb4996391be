# bpfkit features matches what this kernel really has, with a reason for
# every "no"; the VM tier checks the same on kernels with kprobes and fentry.
. "$TESTLIB"

"$BPFKIT" features >"$T/features.out" || fail "features"
for f in btf kprobes kprobe_multi fentry tp_btf raw_tp raw_tp_cookie tracepoints tracefs uprobes uprobe_multi ringbuf perf_sw pmu; do
	grep -Eq "^$f +(yes|no) +[^ ]" "$T/features.out" || fail "no line with a reason for $f"
done
if [ -e /sys/bus/event_source/devices/kprobe ]; then want=yes; else want=no; fi
expect_grep "^kprobes +$want " "$T/features.out"
[ -e /sys/kernel/btf/vmlinux ] && expect_grep '^btf +yes ' "$T/features.out"
# This project's hosts: no kprobes, no fentry (PLATFORM.md); the line must
# say why rather than just "no".
if [ "$want" = no ]; then
	expect_grep '^kprobes +no +.*CONFIG_KPROBES' "$T/features.out"
	expect_grep '^fentry +no +.+' "$T/features.out"
fi
# raw_tp_cookie needs raw_tp: disabling raw_tp says so.
BPFKIT_DISABLE=raw_tp "$BPFKIT" features | grep -Eq '^raw_tp_cookie +no +needs raw tracepoints' || fail "raw_tp_cookie without raw_tp"
BPFKIT_DISABLE=ringbuf "$BPFKIT" features | grep -Eq '^ringbuf +no +disabled by BPFKIT_DISABLE' || fail "BPFKIT_DISABLE"
echo PASS
