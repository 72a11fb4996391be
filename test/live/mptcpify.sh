# mptcpify needs an fmod_ret program on update_socket_protocol(), MPTCP and
# Linux 6.6: where the kernel lacks one of them (this host refuses fentry
# and fmod_ret programs) it says which in one line and exits non-zero,
# leaving plain TCP sockets as they were; bad input is refused.
# test/vm/guest/mptcpify.sh proves the working path on 6.12.
# vm: skip (test/vm/guest/mptcpify.sh runs there)
. "$TESTLIB"
expect_bad_input "-t without a name" "$BPFKIT" mptcpify -t ' , '
grep -qx "mptcpify: -t: no command names in ' , '" "$T/bad.err" || fail "-t: $(cat "$T/bad.err")"
expect_bad_input "an argument" "$BPFKIT" mptcpify curl
if "$BPFKIT" features | grep -Eq '^fentry +no '; then
	expect_bad_input "no fmod_ret" "$BPFKIT" mptcpify -t sockproto
	why=$("$BPFKIT" features | sed -n 's/^fentry  *no  *//p')
	grep -qxF "mptcpify: this kernel cannot run fmod_ret programs: $why" "$T/bad.err" ||
		fail "refusal: $(cat "$T/bad.err"), expected the fentry reason '$why'"
	p=$("$TESTBIN/sockproto")
	[ "$p" = "inet 6 inet6 6 tcp 6 udp 17" ] || fail "sockets after the refusal: $p"
fi
echo PASS
