# ttysnoop: bad input is one line and nothing traced; on a kernel with
# neither fentry nor kprobes (this host) one line names tty_write and both
# missing mechanisms.  test/vm/guest/ttysnoop.sh checks the output itself.
. "$TESTLIB"
expect_bad_input "no device" "$BPFKIT" ttysnoop
expect_bad_input "no such device" "$BPFKIT" ttysnoop /dev/nosuchtty
grep -qx 'ttysnoop: Unable to read device /dev/nosuchtty: No such file or directory' "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "no such pts" "$BPFKIT" ttysnoop 99999
grep -q '/dev/pts/99999' "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "not a tty" "$BPFKIT" ttysnoop /etc/passwd
grep -qx 'ttysnoop: /etc/passwd is not a tty device' "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "-s 0" "$BPFKIT" ttysnoop -s 0 /dev/tty
expect_bad_input "-c 65" "$BPFKIT" ttysnoop -c 65 /dev/tty
expect_bad_input "two devices" "$BPFKIT" ttysnoop /dev/tty /dev/tty

if "$BPFKIT" features 2>/dev/null | grep -Eq '^(fentry|kprobes) +yes'; then
	echo "ok: (fentry or kprobes here: the guest test checks the output)"
	exit 0
fi
gated_ready "$TESTBIN/ptywriter"
pts=$(sed -n 's/^pts //p' "$T/prog.out")
expect_bad_input "no fentry, no kprobes" "$BPFKIT" ttysnoop "$pts"
grep -q '^ttysnoop: cannot trace tty_write: fentry tty_write needs fentry: .*; kprobe tty_write needs kprobes: ' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
