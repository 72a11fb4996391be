# dcsnoop where the kernel has neither fentry nor kprobes (this host; in the
# VM tier both are switched off): one line naming d_lookup and what each
# mechanism lacks, exit 1, nothing attached.  Its events are
# test/vm/guest/dcsnoop.sh's.
. "$TESTLIB"

for args in "" -a; do
	before=$(bpftool prog show 2>/dev/null | grep -c 'name d_lookup_' || true)
	# shellcheck disable=SC2086
	BPFKIT_DISABLE=fentry,kprobes expect_bad_input "dcsnoop $args without fentry and kprobes" "$BPFKIT" dcsnoop $args
	expect_grep '^dcsnoop: cannot trace d_lookup entry: fentry d_lookup needs fentry: .+; kprobe d_lookup needs kprobes: .+$' "$T/bad.err"
	after=$(bpftool prog show 2>/dev/null | grep -c 'name d_lookup_' || true)
	[ "$after" -eq "$before" ] || fail "dcsnoop left $((after - before)) programs loaded"
done
expect_bad_input "dcsnoop extra" "$BPFKIT" dcsnoop extra
expect_bad_input "dcsnoop -d x" "$BPFKIT" dcsnoop -d x
echo PASS
