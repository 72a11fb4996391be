# bpfkit features on Debian's kernels: kprobes and fentry are there (the
# host has neither), kprobe_multi only from 6.12 on (no fprobe in 6.1),
# BPF cookies from 6.1 on (5.10 has none, nor uprobe_multi).
. "$TESTLIB"

"$BPFKIT" features >"$T/features.out" 2>&1 || fail "bpfkit features"
cat "$T/features.out"
expect_grep '^kprobes +yes' "$T/features.out"
expect_grep '^fentry +yes' "$T/features.out"
expect_grep '^tp_btf +yes' "$T/features.out"
expect_grep '^btf +yes' "$T/features.out"
# Raw tracepoint links take a BPF cookie from 6.10 on.
case "$KERNEL_ID" in
5.10)
	expect_grep '^kprobe_multi +no ' "$T/features.out"
	expect_grep '^uprobe_multi +no ' "$T/features.out"
	expect_grep '^raw_tp_cookie +no ' "$T/features.out"
	expect_grep '^cookies +no +kprobe programs cannot read a BPF cookie \(Invalid argument\): older than 5\.15$' "$T/features.out"
	;;
6.1)
	expect_grep '^cookies +yes' "$T/features.out"
	expect_grep '^kprobe_multi +no ' "$T/features.out"
	expect_grep '^raw_tp_cookie +no ' "$T/features.out"
	;;
6.12)
	expect_grep '^cookies +yes' "$T/features.out"
	expect_grep '^kprobe_multi +yes' "$T/features.out"
	expect_grep '^raw_tp_cookie +yes' "$T/features.out"
	;;
esac
uname -r | grep -q "^$KERNEL_ID\." || fail "booted $(uname -r), expected $KERNEL_ID"
echo PASS
