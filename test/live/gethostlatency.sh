# gethostlatency: a test program's 6 getaddrinfo() calls on two names
# from /etc/hosts and numeric (no DNS), then one gethostbyname() and one
# gethostbyname2(): every call a row with its PID, COMM, latency and the
# name; -p and -j; bad input is refused.
# vm: skip (the guests have no /etc/hosts)
. "$TESTLIB"
grep -Eq '^127\.0\.0\.1[[:space:]].*\blocalhost\b' /etc/hosts || fail "/etc/hosts has no 127.0.0.1 localhost"

for args in "" "-p" "-j"; do
	gated_start "$TESTBIN/resolver_dyn" 6 localhost 127.0.0.1
	case $args in
	-p) start_tool gethostlatency -p "$PROG_PID" ;;
	*) start_tool gethostlatency $args ;;
	esac
	if [ "$args" = -j ]; then hdr="$T/gethostlatency.err"; else hdr="$T/gethostlatency.out"; fi
	wait_for "$hdr" '^TIME +PID +COMM +LATms HOST$'
	poke
	wait "$PROG_PID" || fail "resolver_dyn failed: $(cat "$T/prog.out")"
	expect_grep '^ok 6$' "$T/prog.out"
	if [ "$args" = -j ]; then
		row="^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"resolver_dyn\", \"lat_ms\": [0-9]+\.[0-9]+, \"host\": "
		wait_for_lines "$T/gethostlatency.out" "$row" 8
		stop_tool
		named=$(grep -Ec "$row\"localhost\"\}\$" "$T/gethostlatency.out")
		numeric=$(grep -Ec "$row\"127\.0\.0\.1\"\}\$" "$T/gethostlatency.out")
	else
		row="^[0-9:]{8}  $PROG_PID +resolver_dyn +[0-9]+\.[0-9]{2} "
		wait_for_lines "$T/gethostlatency.out" "$row" 8
		stop_tool
		named=$(grep -Ec "${row}localhost\$" "$T/gethostlatency.out")
		numeric=$(grep -Ec "${row}127\.0\.0\.1\$" "$T/gethostlatency.out")
		# Byte for byte: BCC's "%-9s %-7d %-16s %10.2f %s".
		line=$(grep -E "${row}localhost\$" "$T/gethostlatency.out" | head -n 1)
		lat=$(echo "$line" | awk '{ print $4 }')
		exp=$(printf '%-9s %-7d %-16s %10.2f %s' "${line%% *}" "$PROG_PID" resolver_dyn "$lat" localhost)
		[ "$line" = "$exp" ] || fail "row '$line', expected '$exp'"
	fi
	# 3 getaddrinfo() calls for each name, and the two gethostbyname*()s.
	[ "$named" -eq 5 ] && [ "$numeric" -eq 3 ] ||
		fail "gethostlatency $args: $named localhost rows (5 expected), $numeric 127.0.0.1 rows (3)"
	[ "$(grep -c "" "$T/gethostlatency.out")" -ge 8 ] || fail "fewer rows than calls"
	if [ "$args" = -p ]; then
		[ "$(grep -vcE "$row|^TIME" "$T/gethostlatency.out")" -eq 0 ] || fail "-p: rows of other processes"
	fi
	echo "ok: gethostlatency $args: 5 localhost, 3 127.0.0.1"
done
expect_bad_input "no such libc" "$BPFKIT" gethostlatency -l /nonexistent/libc.so.6
expect_bad_input "-p of no process" "$BPFKIT" gethostlatency -p 999999999
echo PASS
