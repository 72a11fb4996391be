# mptcpify: on 6.12 (update_socket_protocol is 6.6's) a plain TCP socket()
# of a test program becomes an MPTCP one (SO_PROTOCOL 262) while the tool
# runs, of every command or only of -t's, and a TCP one again once it is
# stopped; UDP is left alone.  On 6.1, and with fentry disabled, one line
# says what the kernel lacks (5.10: MPTCP itself).
. "$TESTLIB"
base="inet 6 inet6 6 tcp 6 udp 17" mp="inet 262 inet6 262 tcp 262 udp 17"
protos() { # PROGRAM EXPECTED
	_got=$("$1")
	[ "$_got" = "$2" ] || fail "$(basename "$1"): '$_got', expected '$2'"
}
if [ ! -e /proc/sys/net/mptcp ]; then
	expect_bad_input "no MPTCP" "$BPFKIT" mptcpify
	grep -qx 'mptcpify: this kernel has no MPTCP (no /proc/sys/net/mptcp: built without CONFIG_MPTCP)' "$T/bad.err" ||
		fail "refusal: $(cat "$T/bad.err")"
	echo PASS
	exit 0
fi
if ! grep -qw update_socket_protocol /proc/kallsyms; then
	expect_bad_input "no update_socket_protocol" "$BPFKIT" mptcpify
	grep -qx 'mptcpify: this kernel has no update_socket_protocol() to hook (Linux 6.6 and later have it)' "$T/bad.err" ||
		fail "refusal: $(cat "$T/bad.err")"
	echo PASS
	exit 0
fi
[ "$(cat /proc/sys/net/mptcp/enabled)" = 1 ] || fail "MPTCP is not enabled in this kernel"
cp "$TESTBIN/sockproto" "$T/othercmd"
protos "$TESTBIN/sockproto" "$base"

start_tool mptcpify
wait_for "$T/mptcpify.out" '^MPTCP is been forced for  all applications$' 60
protos "$TESTBIN/sockproto" "$mp"
protos "$T/othercmd" "$mp"
stop_tool
protos "$TESTBIN/sockproto" "$base"
echo "ok: every command's TCP sockets are MPTCP ones while it runs"

start_tool mptcpify -t 'othercmd, nosuch'
wait_for "$T/mptcpify.out" "^MPTCP is been forced for  \['othercmd', 'nosuch'\]\$" 60
protos "$T/othercmd" "$mp"
protos "$TESTBIN/sockproto" "$base"
stop_tool
protos "$T/othercmd" "$base"
echo "ok: -t othercmd: only othercmd's"

export BPFKIT_DISABLE=fentry
expect_bad_input "fentry disabled" "$BPFKIT" mptcpify
unset BPFKIT_DISABLE
grep -q '^mptcpify: this kernel cannot run fmod_ret programs: disabled by BPFKIT_DISABLE$' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
echo PASS
