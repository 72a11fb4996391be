# vfscount where the kernel cannot probe vfs_ functions: one line naming the
# function and the missing mechanism, exit 1, nothing attached.  This host
# has no kprobes; elsewhere (the VM tier) they are switched off to see the
# same refusal.  Its counts are test/vm/guest/vfscount.sh's.
. "$TESTLIB"

before=$(bpftool prog show 2>/dev/null | grep -c 'name on_kprobe' || true)
BPFKIT_DISABLE=kprobes,kprobe_multi expect_bad_input "vfscount without kprobes" "$BPFKIT" vfscount 1
expect_grep '^vfscount: cannot attach kprobe vfs_[a-z_0-9]+: kprobes: .+$' "$T/bad.err"
after=$(bpftool prog show 2>/dev/null | grep -c 'name on_kprobe' || true)
[ "$after" -eq "$before" ] || fail "vfscount left $((after - before)) programs loaded"
expect_bad_input "vfscount 0" "$BPFKIT" vfscount 0
expect_bad_input "vfscount 1 2" "$BPFKIT" vfscount 1 2
# The pattern is fixed: funccount's -r is not an option here (argp's usage
# error, exit 2).
"$BPFKIT" vfscount -r 1 >/dev/null 2>&1
rc=$?
[ "$rc" -eq 2 ] || fail "vfscount -r: exit status $rc, expected 2"
echo PASS
