# dcstat where the kernel has neither fentry nor kprobes (this host; in the
# VM tier both are switched off): one line naming lookup_fast and what each
# mechanism lacks, exit 1, nothing attached.  Its counts are
# test/vm/guest/dcstat.sh's.
. "$TESTLIB"

before=$(bpftool prog show 2>/dev/null | grep -c 'name fast_' || true)
BPFKIT_DISABLE=fentry,kprobes expect_bad_input "dcstat without fentry and kprobes" "$BPFKIT" dcstat 1 1
expect_grep '^dcstat: cannot trace lookup_fast: fentry lookup_fast needs fentry: .+; kprobe lookup_fast needs kprobes: .+$' "$T/bad.err"
after=$(bpftool prog show 2>/dev/null | grep -c 'name fast_' || true)
[ "$after" -eq "$before" ] || fail "dcstat left $((after - before)) programs loaded"
expect_bad_input "dcstat 0" "$BPFKIT" dcstat 0
expect_bad_input "dcstat 1 x" "$BPFKIT" dcstat 1 x
expect_bad_input "dcstat -p 999999999" "$BPFKIT" dcstat -p 999999999
echo PASS
