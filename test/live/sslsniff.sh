# sslsniff: a TLS server in Debian's python3.11 (test/live/tlspeer.py:
# OpenSSL's SSL_do_handshake, SSL_read_ex, SSL_write_ex) on 127.0.0.1, and
# clients the test starts: openssl s_client, gnutls-cli; NSPR's PR_Write
# through ctypes.  Each client's line goes out only when the test pokes it,
# after the tool's header.  Exact rows and data blocks as BCC prints them,
# -p, -c, -x, -l, --handshake, --hexdump, --max-buffer-size, -j; bad input
# is one line.
# vm: skip (the guests have no TLS libraries)
. "$TESTLIB"
py=/usr/bin/python3.11
peer=$(dirname "$TESTLIB")/tlspeer.py
for p in "$py" /usr/bin/openssl /usr/bin/gnutls-cli; do [ -x "$p" ] || fail "no $p (packaging/deps.sh installs it)"; done
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$T/key.pem" \
	-out "$T/cert.pem" -subj /CN=localhost -days 1 >/dev/null 2>&1 || fail "openssl req"

# server CONNS: the peer listening; $port.
server() {
	"$py" "$peer" server "$T/cert.pem" "$T/key.pem" "$1" >"$T/server.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	SERVER_PID=$!
	TOOL_PID= # (the last run's, stopped)
	wait_for "$T/server.out" '^port [0-9]+$'
	port=$(sed -n 's/^port //p' "$T/server.out")
}

# sniff ARGS...: the tool started, its header out.
sniff() {
	start_tool sslsniff "$@"
	case " $* " in
	*" -j "*) wait_for "$T/sslsniff.err" '^FUNC +TIME' ;;
	*) wait_for "$T/sslsniff.out" '^FUNC +TIME' ;;
	esac
}

# block FILE N: the N-th data block's lines, between its marks.
block() {
	awk -v n="$2" '/^----- DATA -----$/ { k++; on = k == n; next } /^----- END DATA/ { on = 0 } on' "$1"
}

# 1. openssl s_client by -p, with -x and -l: its write of "go\n" and its
# read of the answer, each row then its data, as BCC.
server 1
gated_start /usr/bin/openssl s_client -connect "127.0.0.1:$port" -quiet
client=$PROG_PID
sniff -p "$client" -x -l
poke
wait_for "$T/prog.out" '^pong go$'
wait_for "$T/server.out" '^served go$'
wait_for_lines "$T/sslsniff.out" '^(READ|WRITE)' 2
stop_tool
out=$T/sslsniff.out
[ "$(sed -n 1p "$out")" = "FUNC         TIME(s)            COMM             PID     LEN     UID     TID     LAT(ms)" ] ||
	fail "header: '$(sed -n 1p "$out")'"
row1=$(grep '^WRITE/SEND' "$out")
row2=$(grep '^READ/RECV' "$out")
[ "$(grep -c '^[A-Z]' "$out")" -eq 3 ] || fail "expected the header and 2 rows: $(cat "$out")"
echo "$row1" | grep -Eq "^WRITE/SEND   0\.000000000        openssl          $(printf '%-7d' "$client") 3      0       $(printf '%-7d' "$client") [0-9]+\.[0-9]{3} *\$" ||
	fail "write row: '$row1'"
echo "$row2" | grep -Eq "^READ/RECV    0\.[0-9]{9}        openssl          $(printf '%-7d' "$client") 8      0       $(printf '%-7d' "$client") [0-9]+\.[0-9]{3} *\$" ||
	fail "read row: '$row2'"
[ "$(block "$out" 1)" = "go" ] || fail "first block: $(block "$out" 1)"
[ "$(block "$out" 2)" = "pong go" ] || fail "second block: $(block "$out" 2)"
# BCC's block: the data with its own newline, the end mark, two empty lines.
[ "$(sed -n '/^WRITE/,/^READ/p' "$out" | sed '$d' | od -c | tr -s ' ' | tr -d '\n')" = \
	"$(printf '%s\n----- DATA -----\ngo\n\n----- END DATA -----\n\n\n' "$row1" | od -c | tr -s ' ' | tr -d '\n')" ] ||
	fail "block layout: $(sed -n '/^WRITE/,/^READ/p' "$out" | cat -A)"
echo "ok: s_client's SSL_write_ex and SSL_read_ex, -p -x -l"
stop_bg() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null || true; }
stop_bg "$PROG_PID"
stop_bg "$SERVER_PID"

# 2. The server side by -c, with --handshake: its handshake, then the
# line it read and the answer it wrote, nothing of the client.
server 1
sniff -c python3.11 -l --handshake
gated_start /usr/bin/openssl s_client -connect "127.0.0.1:$port" -quiet
poke
wait_for "$T/server.out" '^served go$'
wait_for_lines "$T/sslsniff.out" '^(READ|WRITE)' 2
stop_tool
stop_bg "$PROG_PID"
stop_bg "$SERVER_PID"
grep -E '^[A-Z]' "$out" | sed 1d | awk '{ print $1, $3, $4, $5 }' >"$T/rows"
[ "$(cat "$T/rows")" = "$(printf 'HANDSHAKE python3.11 %s 0\nREAD/RECV python3.11 %s 3\nWRITE/SEND python3.11 %s 8' \
	"$SERVER_PID" "$SERVER_PID" "$SERVER_PID")" ] || fail "-c --handshake rows: $(cat "$T/rows")"
grep -Eq '^HANDSHAKE +0\.000000000 +python3\.11 +[0-9]+ +0      [0-9]+\.[0-9]{3} *$' "$out" || fail "handshake row: $(grep HANDSHAKE "$out")"
[ "$(block "$out" 1)" = "go" ] && [ "$(block "$out" 2)" = "pong go" ] || fail "-c blocks: $(cat "$out")"
echo "ok: the server's SSL_do_handshake, SSL_read_ex, SSL_write_ex by -c, --handshake"

# 3. --hexdump and --max-buffer-size 16 on the server's 10000-byte answer:
# one line of 16 bytes in hex, the rest counted as lost.
server 1
sniff -c python3.11 --hexdump --max-buffer-size 16
gated_start /usr/bin/openssl s_client -connect "127.0.0.1:$port" -quiet
echo big >&3
wait_for "$T/server.out" '^served big$'
wait_for_lines "$T/sslsniff.out" '^(READ|WRITE)' 3
stop_tool
stop_bg "$PROG_PID"
stop_bg "$SERVER_PID"
grep -Eq '^WRITE/SEND .* 10000 $' "$out" || fail "no 10000-byte write: $(cat "$out")"
[ "$(block "$out" 1)" = "6269670a" ] || fail "hex of 'big\\n': $(block "$out" 1)"
[ "$(block "$out" 3)" = "78787878787878787878787878787878" ] || fail "hex block: $(block "$out" 3)"
[ "$(grep -c '^----- END DATA (TRUNCATED, 9984 bytes lost) -----$' "$out")" -eq 1 ] ||
	fail "truncation mark: $(grep 'END DATA' "$out")"
echo "ok: --hexdump, --max-buffer-size, the lost bytes"

# 4. GnuTLS: gnutls-cli's gnutls_record_send and gnutls_record_recv, -j.
server 1
gated_start /usr/bin/gnutls-cli --insecure --port "$port" 127.0.0.1
client=$PROG_PID
sniff -p "$client" -j
poke
wait_for "$T/server.out" '^served go$'
wait_for "$T/prog.out" '^pong go$'
wait_for_lines "$T/sslsniff.out" '"func"' 2
stop_tool
stop_bg "$PROG_PID"
stop_bg "$SERVER_PID"
grep -Eq "^\\{\"func\": \"WRITE/SEND\", \"time_s\": 0\\.0+, \"comm\": \"gnutls-cli\", \"pid\": $client, \"len\": 3, \"data\": \"go\\\\n\", \"lost\": 0\\}\$" "$out" ||
	fail "-j write: $(cat "$out")"
grep -Eq "^\\{\"func\": \"READ/RECV\", \"time_s\": [0-9.e-]+, \"comm\": \"gnutls-cli\", \"pid\": $client, \"len\": 8, \"data\": \"pong go\\\\n\", \"lost\": 0\\}\$" "$out" ||
	fail "-j read: $(cat "$out")"
echo "ok: GnuTLS, -j"

# 5. NSS: NSPR's PR_Write, with OpenSSL and GnuTLS left out.
gated_start "$py" "$peer" nss 'nss-data
'
TOOL_PID=
wait_for "$T/prog.out" '^ready$'
sniff -p "$PROG_PID" -o -g
poke
wait_for "$T/prog.out" '^wrote 9$'
wait_for_lines "$T/sslsniff.out" '^WRITE' 1
stop_tool
grep -Eq "^WRITE/SEND   0\.000000000        python3\.11       $(printf '%-7d' "$PROG_PID") 9     \$" "$out" || fail "NSS row: $(cat "$out")"
[ "$(block "$out" 1)" = "nss-data" ] || fail "NSS block: $(block "$out" 1)"
[ "$(grep -c '^[A-Z]' "$out")" -eq 2 ] || fail "NSS: one row only: $(cat "$out")"
echo "ok: NSS's PR_Write"
stop_bg "$PROG_PID"

# 6. Bad input: one line, exit != 0.
expect_bad_input "unknown library type" "$BPFKIT" sslsniff --extra-lib foo:/bin/true
expect_bad_input "missing library" "$BPFKIT" sslsniff --extra-lib openssl:/nonexistent/libssl.so
expect_bad_input "long command name" "$BPFKIT" sslsniff -c abcdefghijklmnopqrstu
expect_bad_input "no library left" "$BPFKIT" sslsniff -o -g -n
expect_bad_input "buffer too large" "$BPFKIT" sslsniff --max-buffer-size 100000
sleep 300 </dev/null >/dev/null 2>&1 &
BG_PIDS="$BG_PIDS $!"
expect_bad_input "a process without TLS libraries" "$BPFKIT" sslsniff -p $!
echo "ok: bad input"
