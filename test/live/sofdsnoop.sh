# sofdsnoop: a program passes 3 descriptors of files it opened in one
# message over a unix socket pair, then 1 more in a second, receiving each:
# 4 SEND rows with the files' names and 4 RECV rows with the descriptors
# the receiver got, each with its socket; the same two messages by one
# sendmmsg() and one recvmmsg(); -T, -t, -n and -j; bad input is refused.
. "$TESTLIB"

# run ARGS...: sofdsnoop ARGS (PID: the program's) over the program's two messages; the program
# keeps its descriptors open until the tool has shown all 8 rows (the
# SOCKET and NAME columns are read from /proc when a row is printed).
run() {
	TOOL_PID=""
	# shellcheck disable=SC2086
	gated_start "$TESTBIN/fdpasser" "$T" 3 ${MODE:-}
	wait_for "$T/prog.out" '^sock [0-9]+ [0-9]+$'
	_args=$(echo "$*" | sed "s/PID/$PROG_PID/g")
	# shellcheck disable=SC2086
	start_tool sofdsnoop $_args
	case "$*" in *-j*) hdr=$T/sofdsnoop.err ;; *) hdr=$T/sofdsnoop.out ;; esac
	wait_for "$hdr" 'ACTION TID +COMM +SOCKET +FD +NAME$'
	poke
	wait_for "$T/prog.out" '^got '
	wait_for_lines "$T/sofdsnoop.out" '(SEND|RECV)' 8
	poke
	wait "$PROG_PID" || fail "fdpasser failed: $(cat "$T/prog.out")"
	stop_tool
	set -- $(sed -n 's/^sock //p' "$T/prog.out" | tr '\n' ' ')
	tx=$1 txi=$2 rx=$3 rxi=$4
	set -- $(sed -n 's/^sent //p' "$T/prog.out")
	s1=$1 s2=$2 s3=$3 s4=$4
	set -- $(sed -n 's/^got //p' "$T/prog.out")
	g1=$1 g2=$2 g3=$3 g4=$4
}
line() { # ACTION SOCKFD INODE FD NAME
	printf '%-6s %-6s %-16s %-25s %-5s %s' "$1" "$PROG_PID" fdpasser "$2:socket:[$3]" "$4" "${5:-}"
}
expect_rows() { # FILE PREFIX-REGEX
	sends=$(printf '%s\n' "$(line SEND "$tx" "$txi" "$s1" "$T/fdpass-0")" "$(line SEND "$tx" "$txi" "$s2" "$T/fdpass-1")" \
		"$(line SEND "$tx" "$txi" "$s3" "$T/fdpass-2")")
	recvs=$(printf '%s\n' "$(line RECV "$rx" "$rxi" "$g1")" "$(line RECV "$rx" "$rxi" "$g2")" "$(line RECV "$rx" "$rxi" "$g3")")
	send4=$(line SEND "$tx" "$txi" "$s4" "$T/fdpass-0") recv4=$(line RECV "$rx" "$rxi" "$g4")
	# One message at a time, or both sent, then both received.
	if [ -n "${MODE:-}" ]; then
		exp=$(printf '%s\n' "$sends" "$send4" "$recvs" "$recv4")
	else
		exp=$(printf '%s\n' "$sends" "$recvs" "$send4" "$recv4")
	fi
	got=$(grep -E '(SEND|RECV)' "$1" | sed -E "s/^$2//")
	[ "$got" = "$exp" ] || fail "rows:
$got
expected:
$exp"
}

run -p PID
expect_grep "^$(printf '%-6s %-6s %-16s %-25s %-5s %s' ACTION TID COMM SOCKET FD NAME)\$" "$T/sofdsnoop.out"
expect_rows "$T/sofdsnoop.out" ''
echo "ok: 4 descriptors sent (3 in one message) and received, with sockets and names"

MODE=mmsg
run -p PID
expect_rows "$T/sofdsnoop.out" ''
MODE=
echo "ok: the same by sendmmsg() and recvmmsg()"

run -T -t PID -n passer
grep -Fxq "$(printf '%-14s%-6s %-6s %-16s %-25s %-5s %s' 'TIME(s)' ACTION TID COMM SOCKET FD NAME)" "$T/sofdsnoop.out" || fail "-T: header"
expect_grep '^0\.000000000   SEND ' "$T/sofdsnoop.out"
[ "$(grep -Ec '^[0-9]+\.[0-9]{9}   (SEND|RECV) ' "$T/sofdsnoop.out")" -eq 8 ] || fail "-T: 8 rows with TIME(s)"
expect_rows "$T/sofdsnoop.out" '[0-9]+\.[0-9]{9}   '
echo "ok: -T -t -n"

run -j -p PID
j=$(printf '{"action": "SEND", "tid": %s, "comm": "fdpasser", "socket": "%s:socket:[%s]", "fd": %s, "name": "%s"}' \
	"$PROG_PID" "$tx" "$txi" "$s2" "$T/fdpass-1")
grep -Fxq "$j" "$T/sofdsnoop.out" || fail "-j: expected $j in $(cat "$T/sofdsnoop.out")"
j=$(printf '{"action": "RECV", "tid": %s, "comm": "fdpasser", "socket": "%s:socket:[%s]", "fd": %s, "name": ""}' \
	"$PROG_PID" "$rx" "$rxi" "$g4")
grep -Fxq "$j" "$T/sofdsnoop.out" || fail "-j: expected $j in $(cat "$T/sofdsnoop.out")"
echo "ok: -j"

expect_bad_input "TID not a number" "$BPFKIT" sofdsnoop -t abc
expect_bad_input "no such PID" "$BPFKIT" sofdsnoop -p 999999999
expect_bad_input "duration not a number" "$BPFKIT" sofdsnoop -d x
echo PASS
