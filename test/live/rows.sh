# The event tools' output, byte for byte: the column header, a text row and
# a JSON row of each, on workloads the test controls, with the options that
# add columns.  Expected lines are built with printf from BCC's column
# formats; only values the test cannot know (time of day, ages, CPUs) are
# read back from the row itself, and times of day are masked as HH:MM:SS.
. "$TESTLIB"

# has_line FILE LINE: FILE holds LINE exactly (times of day as HH:MM:SS).
has_line() {
	sed -E 's/[0-9]{2}:[0-9]{2}:[0-9]{2}/HH:MM:SS/g' "$1" >"$T/masked"
	grep -Fxq -- "$2" "$T/masked" || fail "expected the line '$2' in $1"
}
# field FILE REGEX N: field N of the first line of FILE matching REGEX.
field() {
	grep -E -- "$2" "$1" | head -n 1 | awk -v n="$3" '{ print $n }'
}
tag="bpfkit-rows-$$"
me=$(cat /proc/$$/comm)

# execsnoop: the default columns, then every optional one.
start_tool execsnoop -P $$
wait_for "$T/execsnoop.out" 'ARGS$'
sh -c 'echo $$ >"$1"; exec /bin/echo "$2" two' sh "$T/child.pid" "$tag" >/dev/null
child=$(cat "$T/child.pid")
wait_for "$T/execsnoop.out" "/bin/echo $tag two\$"
stop_tool
has_line "$T/execsnoop.out" "$(printf '%-16s %-7s %-7s %3s %s' COMM PID PPID RET ARGS)"
has_line "$T/execsnoop.out" "$(printf '%-16s %-7s %-7s %3s %s' echo "$child" $$ 0 "/bin/echo $tag two")"
start_tool execsnoop -T -t -U -M -C -P $$
wait_for "$T/execsnoop.out" 'ARGS$'
sh -c 'echo $$ >"$1"; exec /bin/echo "$2" three' sh "$T/child.pid" "$tag" >/dev/null
child=$(cat "$T/child.pid")
wait_for "$T/execsnoop.out" "/bin/echo $tag three\$"
stop_tool
ts=$(field "$T/execsnoop.out" "$tag three\$" 2)
cpu=$(field "$T/execsnoop.out" "$tag three\$" 8)
has_line "$T/execsnoop.out" "$(printf '%-9s%-8s%-6s%-16s %-7s %-16s %-7s %-4s %3s %s' TIME 'TIME(s)' UID COMM PID PCOMM PPID CPU RET ARGS)"
has_line "$T/execsnoop.out" "$(printf '%-9s%-8s%-6s%-16s %-7s %-16s %-7s %-4s %3s %s' HH:MM:SS "$ts" 0 echo "$child" "$me" $$ "$cpu" 0 "/bin/echo $tag three")"
start_tool execsnoop -j -T -t -U -M -C -P $$
wait_for "$T/execsnoop.err" 'ARGS$'
sh -c 'echo $$ >"$1"; exec /bin/echo "$2" four' sh "$T/child.pid" "$tag" >/dev/null
child=$(cat "$T/child.pid")
wait_for "$T/execsnoop.out" "$tag four"
stop_tool
has_line "$T/execsnoop.err" "$(printf '%-9s%-8s%-6s%-16s %-7s %-16s %-7s %-4s %3s %s' TIME 'TIME(s)' UID COMM PID PCOMM PPID CPU RET ARGS)"
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"time_s\": [0-9]+\.[0-9]{6}, \"uid\": 0, \"comm\": \"echo\", \"pid\": $child, \"pcomm\": \"$me\", \"ppid\": $$, \"cpu\": [0-9]+, \"ret\": 0, \"args\": \"/bin/echo $tag four\"\}\$" "$T/execsnoop.out"
echo "ok: execsnoop"

# exitsnoop: default, then --utc and --label; an exit code and a signal.
gated_start "$TESTBIN/exiter" 37
start_tool exitsnoop -p "$PROG_PID"
wait_for "$T/exitsnoop.out" 'EXIT_CODE'
poke
wait "$PROG_PID"
wait_for "$T/exitsnoop.out" "^exiter +$PROG_PID "
stop_tool
age=$(field "$T/exitsnoop.out" "^exiter +$PROG_PID " 5)
has_line "$T/exitsnoop.out" "$(printf '%-16s %-7s %-7s %-7s %-7s %-10s' PCOMM PID PPID TID 'AGE(s)' EXIT_CODE)"
has_line "$T/exitsnoop.out" "$(printf '%-16s %-7s %-7s %-7s %-7s %s' exiter "$PROG_PID" $$ "$PROG_PID" "$age" 'code 37')"
gated_start "$TESTBIN/exiter" sig:9
start_tool exitsnoop --utc --label=bye -p "$PROG_PID"
wait_for "$T/exitsnoop.out" 'EXIT_CODE'
poke
wait "$PROG_PID"
wait_for "$T/exitsnoop.out" " exiter +$PROG_PID "
stop_tool
sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} /HH:MM:SS.mmm /' "$T/exitsnoop.out" >"$T/exit.out"
age=$(field "$T/exit.out" " exiter +$PROG_PID " 7)
has_line "$T/exit.out" "$(printf '%-13s%-6s%-16s %-7s %-7s %-7s %-7s %-10s' TIME-UTC LABEL PCOMM PID PPID TID 'AGE(s)' EXIT_CODE)"
has_line "$T/exit.out" "$(printf 'HH:MM:SS.mmm %-6s%-16s %-7s %-7s %-7s %-7s %s' bye exiter "$PROG_PID" $$ "$PROG_PID" "$age" 'signal 9 (KILL)')"
echo "ok: exitsnoop"

# killsnoop: the PID columns are as wide as pid_max's digits, plus one.
w=$(($(wc -c </proc/sys/kernel/pid_max)))
gated_start "$TESTBIN/killer"
start_tool killsnoop -p "$PROG_PID"
wait_for "$T/killsnoop.out" 'RESULT$'
poke
wait "$PROG_PID"
ok=$(sed -n 's/^ok //p' "$T/prog.out")
gone=$(sed -n 's/^gone //p' "$T/prog.out")
wait_for "$T/killsnoop.out" " -3$"
stop_tool
has_line "$T/killsnoop.out" "$(printf "%-9s %-${w}s %-16s %-4s %-${w}s %s" TIME PID COMM SIG TPID RESULT)"
has_line "$T/killsnoop.out" "$(printf "%-9s %-${w}s %-16s %-4s %-${w}s %s" HH:MM:SS "$PROG_PID" killer 10 "$ok" 0)"
has_line "$T/killsnoop.out" "$(printf "%-9s %-${w}s %-16s %-4s %-${w}s %s" HH:MM:SS "$PROG_PID" killer 15 "$gone" -3)"
echo "ok: killsnoop"

# sigsnoop: numbers, names (-n), and JSON with both.
for args in "" -n -j; do
	gated_start "$TESTBIN/killer"
	# shellcheck disable=SC2086
	start_tool sigsnoop $args -p "$PROG_PID" -s USR1
	if [ "$args" = -j ]; then hdr="$T/sigsnoop.err"; else hdr="$T/sigsnoop.out"; fi
	wait_for "$hdr" 'RESULT$'
	poke
	wait "$PROG_PID"
	ok=$(sed -n 's/^ok //p' "$T/prog.out")
	wait_for "$T/sigsnoop.out" "$ok"
	stop_tool
	has_line "$hdr" "$(printf '%-8s %-7s %-16s %-12s %-7s %-16s %-6s' TIME PID COMM SIG TPID TCOMM RESULT)"
	case "$args" in
	"") has_line "$T/sigsnoop.out" "$(printf '%-8s %-7s %-16s %-12s %-7s %-16s %-6s' HH:MM:SS "$PROG_PID" killer 10 "$ok" killer 0)" ;;
	-n) has_line "$T/sigsnoop.out" "$(printf '%-8s %-7s %-16s %-12s %-7s %-16s %-6s' HH:MM:SS "$PROG_PID" killer SIGUSR1 "$ok" killer 0)" ;;
	-j) has_line "$T/sigsnoop.out" "{\"time\": \"HH:MM:SS\", \"pid\": $PROG_PID, \"comm\": \"killer\", \"sig\": 10, \"sig_name\": \"USR1\", \"tpid\": $ok, \"tcomm\": \"killer\", \"result\": 0}" ;;
	esac
done
echo "ok: sigsnoop"

# threadsnoop, text and JSON.
for args in "" -j; do
	gated_start "$TESTBIN/threads_dyn" 1 hold
	# -p finds pthread_create in the libc the process maps, which ld.so
	# maps after the exec gated_start waits for.
	deadline=$(($(date +%s) + 20))
	until grep -q '/libc[.-]' "/proc/$PROG_PID/maps" 2>/dev/null; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "threads_dyn never mapped libc"
		sleep 0.01
	done
	# shellcheck disable=SC2086
	start_tool threadsnoop $args -p "$PROG_PID"
	if [ -n "$args" ]; then hdr="$T/threadsnoop.err"; else hdr="$T/threadsnoop.out"; fi
	wait_for "$hdr" 'FUNC$'
	poke
	wait_for "$T/threadsnoop.out" "worker_main"
	echo q >&3
	wait "$PROG_PID"
	stop_tool
	has_line "$hdr" "$(printf '%-10s %-7s %-16s %s' 'TIME(ms)' PID COMM FUNC)"
	if [ -n "$args" ]; then
		has_line "$T/threadsnoop.out" "{\"time_ms\": 0, \"pid\": $PROG_PID, \"comm\": \"threads_dyn\", \"func\": \"worker_main\"}"
	else
		has_line "$T/threadsnoop.out" "$(printf '%-10s %-7s %-16s %s' 0 "$PROG_PID" threads_dyn worker_main)"
	fi
done
echo "ok: threadsnoop"

# capable through whichever mechanism this kernel has (AUDIT N/A from the
# tracepoint); -x adds TID and INSETID.
if "$BPFKIT" capable --ebpf >"$T/select.out" 2>&1; then
	for args in "" -x -j; do
		gated_start "$TESTBIN/nicer" 1
		# shellcheck disable=SC2086
		start_tool capable $args -p "$PROG_PID"
		if [ "$args" = -j ]; then hdr="$T/capable.err"; else hdr="$T/capable.out"; fi
		wait_for "$hdr" '^TIME +UID'
		poke
		wait "$PROG_PID" || fail "nicer failed"
		wait_for "$T/capable.out" 'CAP_SYS_NICE'
		stop_tool
		case "$args" in
		"")
			audit=$(field "$T/capable.out" CAP_SYS_NICE 7)
			has_line "$hdr" "$(printf '%-9s %-6s %-6s %-16s %-4s %-20s %-6s' TIME UID PID COMM CAP NAME AUDIT)"
			has_line "$T/capable.out" "$(printf '%-9s %-6s %-6s %-16s %-4s %-20s %-6s' HH:MM:SS 0 "$PROG_PID" nicer 23 CAP_SYS_NICE "$audit")" ;;
		-x)
			insetid=$(field "$T/capable.out" CAP_SYS_NICE 9)
			has_line "$hdr" "$(printf '%-9s %-6s %-6s %-6s %-16s %-4s %-20s %-6s %s' TIME UID PID TID COMM CAP NAME AUDIT INSETID)"
			has_line "$T/capable.out" "$(printf '%-9s %-6s %-6s %-6s %-16s %-4s %-20s %-6s %s' HH:MM:SS 0 "$PROG_PID" "$PROG_PID" nicer 23 CAP_SYS_NICE "$audit" "$insetid")" ;;
		-j)
			[ "$audit" = N/A ] && audit=null
			has_line "$hdr" "$(printf '%-9s %-6s %-6s %-16s %-4s %-20s %-6s' TIME UID PID COMM CAP NAME AUDIT)"
			has_line "$T/capable.out" "{\"time\": \"HH:MM:SS\", \"uid\": 0, \"pid\": $PROG_PID, \"comm\": \"nicer\", \"cap\": 23, \"name\": \"CAP_SYS_NICE\", \"audit\": $audit}" ;;
		esac
	done
	echo "ok: capable"
else
	echo "ok: capable has no mechanism here (live.capable checks its message)"
fi

# opensnoop: default, then -T -U -e.
good="$T/exists-$$"
: >"$good"
gated_start "$TESTBIN/opener" "$good"
start_tool opensnoop -p "$PROG_PID"
wait_for "$T/opensnoop.out" 'PATH$'
poke
wait "$PROG_PID"
wait_for "$T/opensnoop.out" "$good\$"
stop_tool
fd=$(awk -v p="$good" '$1 == p { print $2 }' "$T/prog.out")
has_line "$T/opensnoop.out" "$(printf '%-6s %-16s %4s %3s %s' PID COMM FD ERR PATH)"
has_line "$T/opensnoop.out" "$(printf '%-6s %-16s %4s %3s %s' "$PROG_PID" opener "$fd" 0 "$good")"
gated_start "$TESTBIN/opener" "$good"
start_tool opensnoop -T -U -e -p "$PROG_PID"
wait_for "$T/opensnoop.out" 'PATH$'
poke
wait "$PROG_PID"
wait_for "$T/opensnoop.out" "$good\$"
stop_tool
fd=$(awk -v p="$good" '$1 == p { print $2 }' "$T/prog.out")
ts=$(field "$T/opensnoop.out" "$good\$" 1)
flags=$(field "$T/opensnoop.out" "$good\$" 7)
has_line "$T/opensnoop.out" "$(printf '%-14s%-6s%-6s %-16s %4s %3s %-8s %-4s PATH' 'TIME(s)' UID PID COMM FD ERR FLAGS MODE)"
has_line "$T/opensnoop.out" "$(printf '%-14s%-6s%-6s %-16s %4s %3s %-8s %-4s %s' "$ts" 0 "$PROG_PID" opener "$fd" 0 "$flags" n/a "$good")"
echo "ok: opensnoop"

# runqslower with a threshold of 0: every wakeup of the test program, text
# (with -P, the task before it) and JSON.
for args in "" -P -j; do
	gated_start "$TESTBIN/sleeper" 1 10
	# shellcheck disable=SC2086
	start_tool runqslower $args -p "$PROG_PID" 0
	if [ "$args" = -j ]; then hdr="$T/runqslower.err"; else hdr="$T/runqslower.out"; fi
	wait_for "$hdr" 'LAT\(us\)'
	poke
	wait "$PROG_PID"
	wait_for "$T/runqslower.out" "sleeper"
	stop_tool
	has_line "$hdr" "Tracing run queue latency higher than 0 us"
	line=$(grep -m 1 sleeper "$T/runqslower.out")
	case "$args" in
	"")
		has_line "$hdr" "$(printf '%-8s %-16s %-6s %14s' TIME COMM TID 'LAT(us)')"
		lat=$(echo "$line" | awk '{ print $4 }')
		has_line "$T/runqslower.out" "$(printf '%-8s %-16s %-6s %14s' HH:MM:SS sleeper "$PROG_PID" "$lat")" ;;
	-P)
		has_line "$hdr" "$(printf '%-8s %-16s %-6s %14s %-16s %-6s' TIME COMM TID 'LAT(us)' 'PREV COMM' 'PREV TID')"
		# The task before it may have spaces in its name: read its 16
		# columns after the known part of the row.
		lat=$(echo "$line" | awk '{ print $4 }')
		pre=$(printf '%-8s %-16s %-6s %14s ' HH:MM:SS sleeper "$PROG_PID" "$lat")
		mline=$(echo "$line" | sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2}/HH:MM:SS/')
		rest=${mline#"$pre"}
		[ "$rest" != "$mline" ] || fail "runqslower -P row: $line"
		prev=$(printf '%s' "$rest" | cut -c 1-16)
		ptid=$(printf '%s' "$rest" | cut -c 18- | tr -d ' ')
		[ -n "$ptid" ] || fail "runqslower -P row without a previous TID: $line"
		has_line "$T/runqslower.out" "$pre$(printf '%-16s %-6s' "$prev" "$ptid")" ;;
	-j)
		has_line "$hdr" "$(printf '%-8s %-16s %-6s %14s' TIME COMM TID 'LAT(us)')"
		expect_grep "^\{\"time\": \"[0-9:]{8}\", \"comm\": \"sleeper\", \"tid\": $PROG_PID, \"lat_us\": [0-9]+\}\$" "$T/runqslower.out" ;;
	esac
done
echo "ok: runqslower"

# pidpersec -j: the status line on stderr, a JSON object per second.
gated_start "$TESTBIN/forker" 3 1200
start_tool pidpersec -j -p "$PROG_PID"
wait_for "$T/pidpersec.err" 'Ctrl-C'
poke
wait "$PROG_PID"
stop_tool
has_line "$T/pidpersec.err" "Tracing... Ctrl-C to end."
expect_grep '^\{"time": "[0-9:]{8}", "pids_per_s": [0-9]+\}$' "$T/pidpersec.out"
sum=$(sed -n 's/.*"pids_per_s": \([0-9]*\)}$/\1/p' "$T/pidpersec.out" | awk '{ s += $1 } END { print s + 0 }')
[ "$sum" -eq 3 ] || fail "pidpersec -j counted $sum forks, expected 3"
[ "$(grep -vc '^{' "$T/pidpersec.out")" -eq 0 ] || fail "pidpersec -j: non-JSON on stdout"
echo "ok: pidpersec"

# filelife needs fentry or kprobes (the VM tier).
if "$BPFKIT" filelife --ebpf >/dev/null 2>&1; then
	for args in "" -j; do
		name="$tag-life${args}"
		gated_start "$TESTBIN/filemaker" "$T/$name" 100
		# shellcheck disable=SC2086
		start_tool filelife $args -p "$PROG_PID"
		if [ -n "$args" ]; then hdr="$T/filelife.err"; else hdr="$T/filelife.out"; fi
		wait_for "$hdr" 'FILE$'
		poke
		wait "$PROG_PID" || fail "filemaker failed"
		wait_for "$T/filelife.out" "$name"
		stop_tool
		has_line "$hdr" "$(printf '%-8s %-7s %-16s %-7s %s' TIME PID COMM 'AGE(s)' FILE)"
		if [ -n "$args" ]; then
			expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"filemaker\", \"age_s\": [0-9]+\.[0-9]{6}, \"file\": \"$name\"\}\$" "$T/filelife.out"
		else
			age=$(field "$T/filelife.out" "$name\$" 4)
			has_line "$T/filelife.out" "$(printf '%-8s %-7s %-16s %-7s %s' HH:MM:SS "$PROG_PID" filemaker "$age" "$name")"
		fi
	done
	echo "ok: filelife"
else
	echo "ok: filelife has no mechanism here (fentry or kprobes: the VM tier)"
fi
# tcpstates: BCC's narrow and wide (-w) columns, on a connection to a
# tcpserver on 127.0.0.1: the client's connect() (CLOSE -> SYN_SENT).
for args in "" -w; do
	"$TESTBIN/tcpserver" 127.0.0.1 4 1 1 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" 1 1 1
	start_tool tcpstates -D "$port" $args
	wait_for "$T/tcpstates.out" 'MS$'
	poke
	wait "$PROG_PID"
	wait "$srv"
	wait_for "$T/tcpstates.out" 'FIN_WAIT2 +-> CLOSE '
	stop_tool
	sk=$(field "$T/tcpstates.out" 'CLOSE +-> SYN_SENT' 1)
	if [ -z "$args" ]; then
		has_line "$T/tcpstates.out" "$(printf '%-16s %-5s %-10.10s %s%-15s %-5s %-15s %-5s %-11s -> %-11s %s' SKADDR C-PID C-COMM '' LADDR LPORT RADDR RPORT OLDSTATE NEWSTATE MS)"
		has_line "$T/tcpstates.out" "$(printf '%-16s %-5d %-10.10s %s%-15s %-5d %-15s %-5d %-11s -> %-11s %.3f' "$sk" "$PROG_PID" tcpclient '' 127.0.0.1 0 127.0.0.1 "$port" CLOSE SYN_SENT 0)"
	else
		has_line "$T/tcpstates.out" "$(printf '%-16s %-5s %-16.16s %-2s %-39s %-5s %-39s %-5s %-11s -> %-11s %s' SKADDR C-PID C-COMM IP LADDR LPORT RADDR RPORT OLDSTATE NEWSTATE MS)"
		has_line "$T/tcpstates.out" "$(printf '%-16s %-5d %-16.16s %-2s %-39s %-5s %-39s %-5d %-11s -> %-11s %.3f' "$sk" "$PROG_PID" tcpclient 4 127.0.0.1 0 127.0.0.1 "$port" CLOSE SYN_SENT 0)"
	fi
done
echo "ok: tcpstates"
# tcplife: narrow and wide, one session of 2 KiB out and 1 KiB back.
for args in "" -w; do
	"$TESTBIN/tcpserver" 127.0.0.1 4 1 1 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" 1 2 1
	start_tool tcplife -D "$port" $args
	wait_for "$T/tcplife.out" 'MS$'
	poke
	wait "$PROG_PID"
	wait "$srv"
	wait_for "$T/tcplife.out" "^$PROG_PID "
	stop_tool
	sport=$(sed -n 's/^sport //p' "$T/prog.out")
	ms=$(field "$T/tcplife.out" "^$PROG_PID " 9)
	[ -n "$args" ] && ms=$(field "$T/tcplife.out" "^$PROG_PID " 10)
	if [ -z "$args" ]; then
		has_line "$T/tcplife.out" "$(printf '%-5s %-10.10s %s%-15s %-5s %-15s %-5s %5s %5s %s' PID COMM '' LADDR LPORT RADDR RPORT TX_KB RX_KB MS)"
		has_line "$T/tcplife.out" "$(printf '%-5d %-10.10s %s%-15s %-5d %-15s %-5d %5d %5d %s' "$PROG_PID" tcpclient '' 127.0.0.1 "$sport" 127.0.0.1 "$port" 2 1 "$ms")"
	else
		has_line "$T/tcplife.out" "$(printf '%-5s %-16.16s %-2s %-39s %-5s %-39s %-5s %6s %6s %s' PID COMM IP LADDR LPORT RADDR RPORT TX_KB RX_KB MS)"
		has_line "$T/tcplife.out" "$(printf '%-5d %-16.16s %-2s %-39s %-5s %-39s %-5d %6d %6d %s' "$PROG_PID" tcpclient 4 127.0.0.1 "$sport" 127.0.0.1 "$port" 2 1 "$ms")"
	fi
done
echo "ok: tcplife"
# tcpconnect: the default columns, then -t -U -L.
for args in "" "-t -U -L"; do
	"$TESTBIN/tcpserver" 127.0.0.1 4 1 1 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" 1 1 1
	start_tool tcpconnect -P "$port" $args
	wait_for "$T/tcpconnect.out" 'DPORT $'
	poke
	wait "$PROG_PID"
	wait "$srv"
	wait_for "$T/tcpconnect.out" " $port +\$"
	stop_tool
	sport=$(sed -n 's/^sport //p' "$T/prog.out")
	has_line "$T/tcpconnect.out" 'Tracing connect ... Hit Ctrl-C to end'
	if [ -z "$args" ]; then
		has_line "$T/tcpconnect.out" "$(printf '%-7s %-12s %-2s %-16s %-16s %-6s' PID COMM IP SADDR DADDR DPORT)"
		has_line "$T/tcpconnect.out" "$(printf '%-7d %-12.12s %-2d %-16s %-16s %-6d %s' "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 "$port" '')"
	else
		has_line "$T/tcpconnect.out" "$(printf '%-9s%-6s%-7s %-12s %-2s %-16s %-6s %-16s %-6s' 'TIME(s)' UID PID COMM IP SADDR LPORT DADDR DPORT)"
		has_line "$T/tcpconnect.out" "$(printf '%-9.3f%-6d%-7d %-12.12s %-2d %-16s %-6d %-16s %-6d %s' 0 0 "$PROG_PID" tcpclient 4 127.0.0.1 "$sport" 127.0.0.1 "$port" '')"
	fi
done
echo "ok: tcpconnect"
# tcpaccept: the default columns, then -T -t.
for args in "" "-T -t"; do
	# The server accepts once the gate opens, after tracing began: a
	# return probe misses an accept() already waiting when it attached.
	rm -f "$T/sgate"
	mkfifo "$T/sgate"
	exec 4<>"$T/sgate"
	"$TESTBIN/tcpserver" 127.0.0.1 4 1 1 gate <&4 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" 1 1 1
	start_tool tcpaccept -P "$port" $args
	wait_for "$T/tcpaccept.out" 'LPORT$'
	echo go >&4
	poke
	wait "$PROG_PID"
	wait "$srv"
	wait_for "$T/tcpaccept.out" " $port\$"
	stop_tool
	sport=$(sed -n 's/^sport //p' "$T/prog.out")
	if [ -z "$args" ]; then
		has_line "$T/tcpaccept.out" "$(printf '%-7s %-12s %-2s %-16s %-5s %-16s %-5s' PID COMM IP RADDR RPORT LADDR LPORT)"
		has_line "$T/tcpaccept.out" "$(printf '%-7d %-12.12s %-2d %-16s %-5d %-16s %-5d' "$srv" tcpserver 4 127.0.0.1 "$sport" 127.0.0.1 "$port")"
	else
		has_line "$T/tcpaccept.out" "$(printf '%-9s%-9s%-7s %-12s %-2s %-16s %-5s %-16s %-5s' TIME 'TIME(s)' PID COMM IP RADDR RPORT LADDR LPORT)"
		has_line "$T/tcpaccept.out" "$(printf '%-9s%-9.3f%-7d %-12.12s %-2d %-16s %-5d %-16s %-5d' HH:MM:SS 0 "$srv" tcpserver 4 127.0.0.1 "$sport" 127.0.0.1 "$port")"
	fi
done
echo "ok: tcpaccept"
# tcpconnlat: the default columns, then -t -L (the latency read back).
for args in "" "-t -L"; do
	"$TESTBIN/tcpserver" 127.0.0.1 4 1 1 >"$T/server.out" 2>&1 &
	srv=$!
	BG_PIDS="$BG_PIDS $srv"
	TOOL_PID=$srv
	wait_for "$T/server.out" '^port '
	port=$(sed -n 's/^port //p' "$T/server.out")
	gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$port" 1 1 1
	start_tool tcpconnlat -p "$PROG_PID" $args
	wait_for "$T/tcpconnlat.out" 'LAT\(ms\)$'
	poke
	wait "$PROG_PID"
	wait "$srv"
	wait_for "$T/tcpconnlat.out" " $port +[0-9.]+\$"
	stop_tool
	sport=$(sed -n 's/^sport //p' "$T/prog.out")
	lat=$(tail -n 1 "$T/tcpconnlat.out" | awk '{ print $NF }')
	if [ -z "$args" ]; then
		has_line "$T/tcpconnlat.out" "$(printf '%-7s %-12s %-2s %-16s %-16s %-5s %s' PID COMM IP SADDR DADDR DPORT 'LAT(ms)')"
		has_line "$T/tcpconnlat.out" "$(printf '%-7d %-12.12s %-2d %-16s %-16s %-5d %s' "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 "$port" "$lat")"
	else
		has_line "$T/tcpconnlat.out" "$(printf '%-9s%-7s %-12s %-2s %-16s %-6s %-16s %-5s %s' 'TIME(s)' PID COMM IP SADDR LPORT DADDR DPORT 'LAT(ms)')"
		has_line "$T/tcpconnlat.out" "$(printf '%-9.3f%-7d %-12.12s %-2d %-16s %-6d %-16s %-5d %s' 0 "$PROG_PID" tcpclient 4 127.0.0.1 "$sport" 127.0.0.1 "$port" "$lat")"
	fi
done
echo "ok: tcpconnlat"
# bindsnoop: the default columns, then -t -U -E.
for args in "" "-t -U -E"; do
	gated_start "$TESTBIN/binder" 127.0.0.1 reuseaddr 5
	start_tool bindsnoop -p "$PROG_PID" $args
	wait_for "$T/bindsnoop.out" 'OPTS IF$'
	poke
	wait "$PROG_PID"
	port=$(sed -n 's/^port //p' "$T/prog.out")
	wait_for "$T/bindsnoop.out" " $port ...R."
	stop_tool
	has_line "$T/bindsnoop.out" 'Tracing binds ... Hit Ctrl-C to end'
	if [ -z "$args" ]; then
		has_line "$T/bindsnoop.out" "$(printf '%8s %-12.12s %-4s %-15s %-5s %5s %2s' PID COMM PROT ADDR PORT OPTS IF)"
		has_line "$T/bindsnoop.out" "$(printf '%8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d' "$PROG_PID" binder TCP 127.0.0.1 "$port" ...R. 0)"
	else
		has_line "$T/bindsnoop.out" "$(printf '%-9s %6s %3s %8s %-12.12s %-4s %-15s %-5s %5s %2s' 'TIME(s)' UID RC PID COMM PROT ADDR PORT OPTS IF)"
		has_line "$T/bindsnoop.out" "$(printf '%-9.6f %6d %3s %8d %-12.12s %-4.4s %-15.15s %5d %-5s %2d' 0 0 0 "$PROG_PID" binder TCP 127.0.0.1 "$port" ...R. 0)"
	fi
done
echo "ok: bindsnoop"
# solisten: the default columns, then --show-netns.
for args in "" --show-netns; do
	gated_start "$TESTBIN/binder" 127.0.0.1 none 5
	start_tool solisten -p "$PROG_PID" $args
	wait_for "$T/solisten.out" 'ADDR +$'
	poke
	wait "$PROG_PID"
	port=$(sed -n 's/^port //p' "$T/prog.out")
	wait_for "$T/solisten.out" " $port "
	stop_tool
	if [ -z "$args" ]; then
		has_line "$T/solisten.out" "$(printf '%-7s %-12s %-6s %-8s %-5s %-39s' PID COMM PROTO BACKLOG PORT ADDR)"
		has_line "$T/solisten.out" "$(printf '%-7d %-12.12s %-6s %-8d %-5d %-39s' "$PROG_PID" binder TCPv4 5 "$port" 127.0.0.1)"
	else
		ns=$(readlink /proc/self/ns/net | tr -dc 0-9)
		has_line "$T/solisten.out" "$(printf '%-7s %-12s %-12s %-6s %-8s %-5s %-39s' PID COMM NETNS PROTO BACKLOG PORT ADDR)"
		has_line "$T/solisten.out" "$(printf '%-7d %-12.12s %-12d %-6s %-8d %-5d %-39s' "$PROG_PID" binder "$ns" TCPv4 5 "$port" 127.0.0.1)"
	fi
done
echo "ok: solisten"
# tcppktlat: the default columns, then -T -w (the latency read back).
for args in "" "-T -w"; do
	: >"$T/reader.out"
	"$TESTBIN/tcpslowread" 127.0.0.1 50 >>"$T/reader.out" 2>&1 &
	rdr=$!
	BG_PIDS="$BG_PIDS $rdr"
	TOOL_PID=$rdr
	wait_for "$T/reader.out" '^port '
	port=$(sed -n 's/^port //p' "$T/reader.out")
	gated_start "$TESTBIN/tcpxfer" 127.0.0.1 "$port" 1000
	wait_for "$T/prog.out" '^connected '
	cport=$(sed -n 's/^connected //p' "$T/prog.out")
	start_tool tcppktlat -l "$port" $args
	wait_for "$T/tcppktlat.out" 'RPORT MS$'
	poke
	wait_for "$T/tcppktlat.out" " $cport [0-9.]+\$"
	stop_tool
	wait "$PROG_PID" "$rdr"
	ms=$(field "$T/tcppktlat.out" " $cport " 8)
	if [ -z "$args" ]; then
		has_line "$T/tcppktlat.out" "$(printf '%-7s %-7s %-16s %-15s %-5s %-15s %-5s %s' PID TID COMM LADDR LPORT RADDR RPORT MS)"
		has_line "$T/tcppktlat.out" "$(printf '%-7d %-7d %-16s %-15s %-5d %-15s %-5d %s' "$rdr" "$rdr" tcpslowread 127.0.0.1 "$port" 127.0.0.1 "$cport" "$ms")"
	else
		ms=$(field "$T/tcppktlat.out" " $cport " 9)
		has_line "$T/tcppktlat.out" "$(printf '%-8s %-7s %-7s %-16s %-26s %-5s %-26s %-5s %s' 'TIME(s)' PID TID COMM LADDR LPORT RADDR RPORT MS)"
		has_line "$T/tcppktlat.out" "$(printf '%-8s %-7d %-7d %-16s %-26s %-5d %-26s %-5d %s' HH:MM:SS "$rdr" "$rdr" tcpslowread 127.0.0.1 "$port" 127.0.0.1 "$cport" "$ms")"
	fi
done
echo "ok: tcppktlat"
# cachestat -T of a sleeping process: nothing counted; the MB columns read
# back.  HITS and HITRATIO are '-' where no mechanism counts page accesses.
gated_start "$TESTBIN/sleeper"
start_tool cachestat -T -p "$PROG_PID" 0.2 1
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "cachestat -T 0.2 1 exited $TOOL_RC"
has_line "$T/cachestat.out" "$(printf '%-8s %8s %8s %8s %8s %12s %10s' TIME HITS MISSES DIRTIES HITRATIO BUFFERS_MB CACHED_MB)"
buf=$(field "$T/cachestat.out" '^[0-9]' 6)
cached=$(field "$T/cachestat.out" '^[0-9]' 7)
if grep -q '^cachestat: no hits' "$T/cachestat.err"; then
	has_line "$T/cachestat.out" "$(printf '%-8s %8s %8d %8d %8s %12s %10s' HH:MM:SS - 0 0 - "$buf" "$cached")"
else
	has_line "$T/cachestat.out" "$(printf '%-8s %8d %8d %8d %7.2f%% %12s %10s' HH:MM:SS 0 0 0 0 "$buf" "$cached")"
fi
kill "$PROG_PID"
echo "ok: cachestat"
# writeback: the works a sync(1) queues; fields read back, widths checked.
# sync queues a work only for a disk with dirty data: a page of the test's
# own on one (the guests' $T is in memory: their /mnt/ext4).
wbdir=$T
[ -n "${KERNEL_ID:-}" ] && grep -q ' /mnt/ext4 ext4 ' /proc/mounts && wbdir=/mnt/ext4
start_tool writeback
wait_for "$T/writeback.out" '^TIME +DEVICE'
echo dirty >"$wbdir/bpfkit-wb-$$"
sync
wait_for "$T/writeback.out" ' sync +[0-9.]+$'
stop_tool
rm -f "$wbdir/bpfkit-wb-$$"
has_line "$T/writeback.out" 'Tracing writeback... Hit Ctrl-C to end.'
has_line "$T/writeback.out" "$(printf '%-9s %-8s %-8s %-16s %s' TIME DEVICE PAGES REASON ms)"
row=$(grep -E ' sync +[0-9.]+$' "$T/writeback.out" | head -n 1)
set -- $row
has_line "$T/writeback.out" "$(printf '%-9s %-8s %-8s %-16s %s' HH:MM:SS "$2" "$3" sync "$5")"
echo "ok: writeback"
# readahead -d of a sleeping process: the whole output, nothing read ahead.
gated_start "$TESTBIN/sleeper"
start_tool readahead -p "$PROG_PID" -d 0.2
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "readahead -d 0.2 exited $TOOL_RC"
printf 'Tracing... Hit Ctrl-C to end.\n\nRead-ahead unused pages: 0\nHistogram of read-ahead used page age (ms):\n\n' >"$T/readahead.want"
cmp -s "$T/readahead.want" "$T/readahead.out" || fail "readahead's output: $(cat "$T/readahead.out")"
kill "$PROG_PID"
echo "ok: readahead"
# syncsnoop: a sync(1), text and JSON; the time read back.
for args in "" -j; do
	if [ -n "$args" ]; then hdr="$T/syncsnoop.err"; else hdr="$T/syncsnoop.out"; fi
	# shellcheck disable=SC2086
	start_tool syncsnoop $args
	wait_for "$hdr" 'CALL$'
	sh -c 'echo $$ >"$1"; exec sync' sh "$T/child.pid"
	if [ -n "$args" ]; then wait_for "$T/syncsnoop.out" '"comm": "sync", "call": "sync"'; else wait_for "$T/syncsnoop.out" ' sync +sync$'; fi
	stop_tool
	has_line "$hdr" "$(printf '%-18s %-16s %s' 'TIME(s)' COMM CALL)"
	if [ -n "$args" ]; then
		expect_grep '^\{"time_s": [0-9]+\.[0-9]{6}, "comm": "sync", "call": "sync"\}$' "$T/syncsnoop.out"
	else
		ts=$(field "$T/syncsnoop.out" ' sync +sync$' 1)
		has_line "$T/syncsnoop.out" "$(printf '%-18s %-16s %s' "$ts" sync sync)"
	fi
done
echo "ok: syncsnoop"
# cachetop -p of a sleeping process: its screen, without rows.
gated_start "$TESTBIN/sleeper"
start_tool cachetop -p "$PROG_PID" 0.2 1
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "cachetop 0.2 1 exited $TOOL_RC"
has_line "$T/cachetop.out" "$(printf '%-8s %-8s %-16s %-8s %-8s %-8s %-10s %-10s' PID UID CMD HITS MISSES DIRTIES 'READ_HIT%' 'WRITE_HIT%')"
expect_grep '^[0-9:]{8} Buffers MB: [0-9]+ / Cached MB: [0-9]+ / Sort: (HITS|MISSES) / Order: descending$' "$T/cachetop.out"
[ "$(wc -l <"$T/cachetop.out")" -eq 3 ] || fail "cachetop: more than its status, title and header: $(cat "$T/cachetop.out")"
kill "$PROG_PID"
echo "ok: cachetop"
# statsnoop -t -s of a missing path, text and JSON.
for args in "-t -s" "-j -t -s"; do
	missing="$T/$tag-nostat"
	gated_start "$TESTBIN/statcalls" "$missing"
	# shellcheck disable=SC2086
	start_tool statsnoop $args -p "$PROG_PID"
	case $args in -j*) hdr="$T/statsnoop.err" ;; *) hdr="$T/statsnoop.out" ;; esac
	wait_for "$hdr" 'PATH$'
	poke
	wait "$PROG_PID"
	wait_for_lines "$T/statsnoop.out" "$missing" 5
	stop_tool
	has_line "$hdr" "$(printf '%-14s%-7s %-16s %4s %3s %-12s %s' 'TIME(s)' PID COMM FD ERR SYSCALL PATH)"
	case $args in
	-j*) expect_grep "^\{\"time_s\": 0\.0+, \"pid\": $PROG_PID, \"comm\": \"statcalls\", \"fd\": -1, \"err\": 2, \"syscall\": \"newstat\", \"path\": \"$missing\"\}\$" "$T/statsnoop.out" ;;
	*) has_line "$T/statsnoop.out" "$(printf '%-14.9f%-7s %-16s %4d %3d %-12s %s' 0 "$PROG_PID" statcalls -1 2 newstat "$missing")" ;;
	esac
done
echo "ok: statsnoop"
# mountsnoop -P of a mount that fails (no such target): header and row.
gated_start "$TESTBIN/mounter" "$tag-src" "$T/$tag-nodir"
start_tool mountsnoop -P -p "$PROG_PID"
wait_for "$T/mountsnoop.out" 'CALL$'
poke
wait "$PROG_PID"
wait_for_lines "$T/mountsnoop.out" ' = -ENOENT$' 2
stop_tool
ns=$(readlink /proc/self/ns/mnt | tr -dc 0-9)
has_line "$T/mountsnoop.out" "$(printf '%-16s %-7s %-7s %-16s %-7s %-11s %s' COMM PID TID PCOMM PPID MNT_NS CALL)"
has_line "$T/mountsnoop.out" "$(printf '%-16s %-7s %-7s %-16s %-7s %-11s %s' mounter "$PROG_PID" "$PROG_PID" "$me" $$ "$ns" "mount(\"$tag-src\", \"$T/$tag-nodir\", \"tmpfs\", MS_NOSUID|MS_NODEV|MS_NOEXEC, \"size=1m,mode=700\") = -ENOENT")"
echo "ok: mountsnoop"

# The network tools: traffic into a namespace of the test's own (the
# guests' busybox ip has no netns, nor /etc/hosts).
if [ -z "${KERNEL_ID:-}" ]; then
	. "$(dirname "$TESTLIB")/netns.sh"
	netns_pair
	ip netns exec "$NETNS" sysctl -qw "net.ipv6.conf.$VETH_NS.keep_addr_on_down=1"
	nport=$((41000 + $$ % 1000))
	ip netns exec "$NETNS" "$TESTBIN/tcpsink" "$nport" >"$T/sink.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	TOOL_PID="" # the last tool is gone: not a reason to stop waiting
	wait_for "$T/sink.out" '^listening$'
	# net_transfer ADDR BYTES: a client connected to ADDR, waiting; its port
	# in $lport.
	net_transfer() {
		TOOL_PID=""
		gated_start "$TESTBIN/tcpxfer" "$1" "$nport" "$2"
		wait_for "$T/prog.out" '^connected [0-9]+$'
		lport=$(sed -n 's/^connected //p' "$T/prog.out")
	}

	# tcpretrans: a transfer cut off until the retransmit shows.
	for args in "" -j; do
		net_transfer "$NS_V4" 1048576
		# shellcheck disable=SC2086
		start_tool tcpretrans $args
		if [ -n "$args" ]; then hdr="$T/tcpretrans.err"; else hdr="$T/tcpretrans.out"; fi
		wait_for "$hdr" 'STATE$'
		ip netns exec "$NETNS" ip link set "$VETH_NS" down
		poke
		wait_for "$T/tcpretrans.out" "$NS_V4.*$nport" 30
		ip netns exec "$NETNS" ip link set "$VETH_NS" up
		wait_for "$T/prog.out" '^sent ' 60
		stop_tool
		has_line "$hdr" "$(printf '%-8s %-7s %-2s %-20s %1s> %-20s %-4s' TIME PID IP LADDR:LPORT T RADDR:RPORT STATE)"
		if [ -n "$args" ]; then
			expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": [0-9]+, \"ip\": \"4\", \"laddr\": \"$HOST_V4\", \"lport\": $lport, \"type\": \"R\", \"raddr\": \"$NS_V4\", \"rport\": $nport, \"state\": \"ESTABLISHED\"\}\$" "$T/tcpretrans.out"
		else
			pid=$(field "$T/tcpretrans.out" " R> " 2)
			has_line "$T/tcpretrans.out" "$(printf '%-8s %-7s %-2s %-20s %1s> %-20s %s' HH:MM:SS "$pid" 4 "$HOST_V4:$lport" R "$NS_V4:$nport" ESTABLISHED)"
		fi
	done
	echo "ok: tcpretrans"
	# tcpdrop: the same cut; the neighbour entry's failure drops segments.
	net_transfer "$NS_V4" 1048576
	start_tool tcpdrop
	wait_for "$T/tcpdrop.out" 'CODE\)$'
	ip netns exec "$NETNS" ip link set "$VETH_NS" down
	poke
	wait_for "$T/tcpdrop.out" "> $NS_V4:$nport " 60
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	wait_for "$T/prog.out" '^sent ' 60
	stop_tool
	has_line "$T/tcpdrop.out" "$(printf '%-8s %-7s %-2s %-20s > %-20s %-20s %s' TIME PID IP SADDR:SPORT DADDR:DPORT 'STATE (FLAGS)' 'REASON (CODE)')"
	pid=$(field "$T/tcpdrop.out" "> $NS_V4:$nport " 2)
	sf=$(field "$T/tcpdrop.out" "> $NS_V4:$nport " 8)
	why=$(grep -E "> $NS_V4:$nport " "$T/tcpdrop.out" | head -n 1 | awk '{ print $9, $10 }')
	has_line "$T/tcpdrop.out" "$(printf '%-8s %-7s %-2s %-20s > %-20s %-20s %s' HH:MM:SS "$pid" 4 "$HOST_V4:$lport" "$NS_V4:$nport" "ESTABLISHED $sf" "$why")"
	echo "ok: tcpdrop"
	# gethostlatency: a lookup of "localhost" from /etc/hosts.
	for args in "" -j; do
		gated_start "$TESTBIN/resolver_dyn" 1 localhost
		start_tool gethostlatency $args -p "$PROG_PID"
		if [ -n "$args" ]; then hdr="$T/gethostlatency.err"; else hdr="$T/gethostlatency.out"; fi
		wait_for "$hdr" 'HOST$'
		poke
		wait "$PROG_PID" || fail "resolver_dyn failed"
		wait_for_lines "$T/gethostlatency.out" "localhost" 3
		stop_tool
		has_line "$hdr" "$(printf '%-9s %-7s %-16s %10s %s' TIME PID COMM LATms HOST)"
		if [ -n "$args" ]; then
			expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"comm\": \"resolver_dyn\", \"lat_ms\": [0-9]+\.[0-9]{6}, \"host\": \"localhost\"\}\$" "$T/gethostlatency.out"
		else
			lat=$(field "$T/gethostlatency.out" "localhost\$" 4)
			has_line "$T/gethostlatency.out" "$(printf '%-9s %-7s %-16s %10s %s' HH:MM:SS "$PROG_PID" resolver_dyn "$lat" localhost)"
		fi
	done
	echo "ok: gethostlatency"
	# memleak: the largest of leaker_dyn's stacks (9 mmaps of 12 KiB kept),
	# BCC's report lines, and its JSON object.
	for args in "" -j; do
		gated_start "$TESTBIN/leaker_dyn"
		start_tool memleak $args --combined-only -T 1 -p "$PROG_PID" 1
		if [ -n "$args" ]; then hdr="$T/memleak.err"; else hdr="$T/memleak.out"; fi
		wait_for "$hdr" "^Attaching to pid $PROG_PID, Ctrl\\+C to quit\\.\$"
		poke
		wait_for "$T/prog.out" '^allocated$'
		if [ -n "$args" ]; then
			wait_for "$T/memleak.out" '"allocations": 9'
		else
			wait_for "$T/memleak.out" '^	110592 bytes in 9 allocations from stack$'
			wait_for "$T/memleak.out" '^		main\+0x[0-9a-f]+ \[leaker_dyn\]$'
		fi
		stop_tool
		if [ -n "$args" ]; then
			expect_grep '^\{"time": "[0-9:]{8}", "bytes": 110592, "allocations": 9, "stack": \["leak_mmap\+0x[0-9a-f]+ \[leaker_dyn\]", "main\+0x[0-9a-f]+ \[leaker_dyn\]", ' "$T/memleak.out"
		else
			has_line "$T/memleak.out" "[HH:MM:SS] Top 1 stacks with outstanding allocations:"
			expect_grep '^		leak_mmap\+0x[0-9a-f]+ \[leaker_dyn\]$' "$T/memleak.out"
		fi
		poke
		wait_for "$T/prog.out" '^freed$'
		poke
		wait "$PROG_PID" || fail "leaker_dyn failed"
	done
	echo "ok: memleak"
	# tcptop: one interval holding a whole 64 KiB transfer.
	net_transfer "$NS_V4" 65536
	start_tool tcptop -C -S 30 1
	wait_for "$T/tcptop.out" 'Hit Ctrl-C to end$'
	poke
	wait "$PROG_PID" || fail "tcpxfer failed"
	stop_tool
	has_line "$T/tcptop.out" "$(printf '%-6s %-12s %-21s %-21s %6s %6s' PID COMM LADDR RADDR RX_KB TX_KB)"
	has_line "$T/tcptop.out" "$(printf '%-6s %-12s %-21s %-21s %6s %6s' "$PROG_PID" tcpxfer "$HOST_V4:$lport" "$NS_V4:$nport" 0 64)"
	echo "ok: tcptop"
	# tcprtt: the client's samples of a 1 MiB transfer, by remote address.
	net_transfer "$NS_V4" 1048576
	start_tool tcprtt -B -A "$NS_V4"
	wait_for "$T/tcprtt.out" 'Hit Ctrl-C to end\.$'
	poke
	wait "$PROG_PID" || fail "tcpxfer failed"
	stop_tool
	has_line "$T/tcprtt.out" "Tracing TCP RTT... Hit Ctrl-C to end."
	has_line "$T/tcprtt.out" "Remote Addres = $NS_V4"
	has_line "$T/tcprtt.out" "$(printf '     %-19s : count     distribution' usecs)"
	row=$(grep -E '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$T/tcprtt.out" | head -n 1)
	set -- $row
	has_line "$T/tcprtt.out" "$(printf '%10d -> %-10d : %-8d |%s' "$1" "$3" "$5" "${row#*|}")"
	echo "ok: tcprtt"
	# tcpcong: a flow through loss and back.
	net_transfer "$NS_V4" 1048576
	start_tool tcpcong -R "$nport"
	wait_for "$T/tcpcong.out" 'Hit Ctrl-C to end\.$'
	ip netns exec "$NETNS" ip link set "$VETH_NS" down
	poke
	# Its first retransmit is what tcpretrans saw above: loss is entered.
	ss_before=$(awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp)
	deadline=$(( $(date +%s) + 30 ))
	while [ "$(awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp)" -le "$ss_before" ]; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "tcpcong: no retransmit in 30 s"
		sleep 0.1
	done
	ip netns exec "$NETNS" ip link set "$VETH_NS" up
	wait_for "$T/prog.out" '^sent ' 60
	stop_tool
	has_line "$T/tcpcong.out" "Tracing tcp congestion control status duration... Hit Ctrl-C to end."
	has_line "$T/tcpcong.out" "$(printf '%-21s%-21s %-7s %-6s %-7s %-7s %-6s %-5s' LAddrPort RAddrPort Open_ms Dod_ms Rcov_ms Cwr_ms Los_ms Chgs)"
	row=$(grep -E "^$HOST_V4/$lport " "$T/tcpcong.out")
	set -- $row
	has_line "$T/tcpcong.out" "$(printf '%-21s %-21s %-7s %-6s %-7s %-7s %-6s %-5s' "$HOST_V4/$lport" "$NS_V4/$nport" "$3" "$4" "$5" "$6" "$7" "$8")"
	echo "ok: tcpcong"
	# tcpsynbl: the status line, the section, its header and rows, of three
	# handshakes on a backlog of 37 that is not accepted from yet.
	gated_server 127.0.0.1 37 3 0
	start_tool tcpsynbl
	wait_for "$T/tcpsynbl.out" '^Tracing SYN'
	gated_start "$TESTBIN/tcpopen" 127.0.0.1 "$PORT" 3
	wait_for "$T/prog.out" '^open 3$'
	stop_tool
	poke
	echo go >&4
	wait "$PROG_PID" "$SERVER_PID"
	has_line "$T/tcpsynbl.out" "Tracing SYN backlog size. Ctrl-C to end."
	has_line "$T/tcpsynbl.out" "backlog_max = 37"
	has_line "$T/tcpsynbl.out" "$(printf '     %-19s : count     distribution' backlog)"
	has_line "$T/tcpsynbl.out" "$(printf '%10d -> %-10d : %-8d |%-40s|' 0 1 2 '****************************************')"
	has_line "$T/tcpsynbl.out" "$(printf '%10d -> %-10d : %-8d |%-40s|' 2 3 1 '********************')"
	echo "ok: tcpsynbl"
	# tcptracer: a connection's connect and accept rows, then -v -t's.
	for args in "" "-v -t"; do
		gated_server 127.0.0.1 4 1 1
		gated_start "$TESTBIN/tcpclient" 127.0.0.1 "$PORT" 1 1 1
		start_tool tcptracer $args
		wait_for "$T/tcptracer.out" 'DPORT'
		echo go >&4
		poke
		wait_for_lines "$T/tcptracer.out" " $PORT " 4
		stop_tool
		wait "$PROG_PID" "$SERVER_PID"
		sport=$(sed -n 's/^sport //p' "$T/prog.out")
		has_line "$T/tcptracer.out" "Tracing TCP established connections. Ctrl-C to end."
		if [ -z "$args" ]; then
			has_line "$T/tcptracer.out" "$(printf '%-2s %-6s %-16s %-2s %-16s %-16s %-6s %-6s' T PID COMM IP SADDR DADDR SPORT DPORT)"
			has_line "$T/tcptracer.out" "$(printf '%-2s %-6d %-16s %-2d %-16s %-16s %-6d %-6d' C "$PROG_PID" tcpclient 4 127.0.0.1 127.0.0.1 "$sport" "$PORT")"
			has_line "$T/tcptracer.out" "$(printf '%-2s %-6d %-16s %-2d %-16s %-16s %-6d %-6d' A "$SERVER_PID" tcpserver 4 127.0.0.1 127.0.0.1 "$PORT" "$sport")"
		else
			ns=$(stat -L -c %i /proc/self/ns/net)
			t=$(field "$T/tcptracer.out" "^[0-9]+ +accept " 1)
			has_line "$T/tcptracer.out" "$(printf '%-14s%-12s %-6s %-16s %-2s %-16s %-16s %-6s %-7s%-8s' 'TIME(ns)' TYPE PID COMM IP SADDR DADDR SPORT DPORT NETNS)"
			has_line "$T/tcptracer.out" "$(printf '%-14d%-12s %-6d %-16s %-2d %-16s %-16s %-6d %-6d %-8d' "$t" accept "$SERVER_PID" tcpserver 4 127.0.0.1 127.0.0.1 "$PORT" "$sport" "$ns")"
		fi
	done
	echo "ok: tcptracer"
	# tcpsubnet: the status line, the date and time, a subnet's row.
	net_transfer "$NS_V4" 4096
	start_tool tcpsubnet -i 100 "$NS_V4/32"
	wait_for "$T/tcpsubnet.out" 'Hit Ctrl-C to end$'
	poke
	wait_for "$T/prog.out" '^sent ' 60
	stop_tool
	has_line "$T/tcpsubnet.out" "Tracing... Output every 100 secs. Hit Ctrl-C to end"
	expect_grep '^\[[0-9]{2}/[0-9]{2}/[0-9]{2} [0-9:]{8}\]$' "$T/tcpsubnet.out"
	has_line "$T/tcpsubnet.out" "$(printf '%-21s %6d' "$NS_V4/32" 4096)"
	echo "ok: tcpsubnet"
	# netqtop: a datagram of 100 bytes and its echo on the namespace's
	# loopback, netqtop running in the namespace (its lo: nothing else).
	ip netns exec "$NETNS" "$TESTBIN/udpecho" serve 7 1 >"$T/echo.out" 2>&1 &
	BG_PIDS="$BG_PIDS $!"
	TOOL_PID=""
	wait_for "$T/echo.out" '^listening$'
	ip netns exec "$NETNS" "$BPFKIT" netqtop -n lo -i 60 -t >"$T/netqtop.out" 2>"$T/netqtop.err" &
	TOOL_PID=$!
	BG_PIDS="$BG_PIDS $TOOL_PID"
	deadline=$(( $(date +%s) + 20 ))
	until [ "$(ls -l "/proc/$TOOL_PID/fd" 2>/dev/null | grep -c bpf_link)" -ge 2 ]; do
		[ "$(date +%s)" -lt "$deadline" ] && alive "$TOOL_PID" || fail "netqtop did not attach: $(cat "$T/netqtop.err")"
		sleep 0.05
	done
	echo go | ip netns exec "$NETNS" "$TESTBIN/udpecho" send 127.0.0.1 7 100 >"$T/prog.out" 2>&1 ||
		fail "udpecho: $(cat "$T/prog.out")"
	stop_tool
	has_line "$T/netqtop.out" "$(printf ' %-11s%-11s%-11s%-11s%-11s%-11s%-11s%-11s%-11s' QueueID avg_size '[0, 64)' '[64, 512)' '[512, 2K)' '[2K, 16K)' '[16K, 64K)' BPS PPS)"
	bps=$(awk '$1 == "Total" { print $8; exit }' "$T/netqtop.out")
	pps=$(awk '$1 == "Total" { print $9; exit }' "$T/netqtop.out")
	has_line "$T/netqtop.out" "$(printf ' %-11s%-11s%-11s%-11s%-11s%-11s%-11s%-11s%-11s' 0 142.0 0 2 0 0 0 "$bps" "$pps")"
	echo "ok: netqtop"
else
	echo "ok: the network tools are checked on the host"
fi

# sofdsnoop: one descriptor passed, text and JSON.
for args in "" -j; do
	gated_start "$TESTBIN/fdpasser" "$T" 1
	wait_for "$T/prog.out" '^sock '
	# shellcheck disable=SC2086
	start_tool sofdsnoop $args -p "$PROG_PID"
	if [ -n "$args" ]; then hdr="$T/sofdsnoop.err"; else hdr="$T/sofdsnoop.out"; fi
	wait_for "$hdr" 'NAME$'
	poke
	wait_for_lines "$T/sofdsnoop.out" RECV 2
	poke
	wait "$PROG_PID" || fail "fdpasser failed"
	stop_tool
	has_line "$hdr" "$(printf '%-6s %-6s %-16s %-25s %-5s %s' ACTION TID COMM SOCKET FD NAME)"
	set -- $(sed -n 's/^sock //p' "$T/prog.out" | head -n 1) $(sed -n 's/^sent //p' "$T/prog.out")
	if [ -n "$args" ]; then
		has_line "$T/sofdsnoop.out" "{\"action\": \"SEND\", \"tid\": $PROG_PID, \"comm\": \"fdpasser\", \"socket\": \"$1:socket:[$2]\", \"fd\": $3, \"name\": \"$T/fdpass-0\"}"
	else
		has_line "$T/sofdsnoop.out" "$(printf '%-6s %-6s %-16s %-25s %-5s %s' SEND "$PROG_PID" fdpasser "$1:socket:[$2]" "$3" "$T/fdpass-0")"
	fi
done
echo "ok: sofdsnoop"

# filegone: a rename and a delete, text and JSON (whichever mechanism this
# kernel has: the syscall tracepoints here, vfs_* fentry in the VM tier).
for args in "" -j; do
	gated_start "$TESTBIN/filegone" "$T" "$tag-gone"
	# shellcheck disable=SC2086
	start_tool filegone $args -p "$PROG_PID"
	if [ -n "$args" ]; then hdr="$T/filegone.err"; else hdr="$T/filegone.out"; fi
	wait_for "$hdr" 'FILE$'
	poke
	wait "$PROG_PID" || fail "filegone workload failed"
	wait_for "$T/filegone.out" "$tag-gone-h"
	stop_tool
	has_line "$hdr" "$(printf '%-8s %-7s %-16s %6s %s' TIME PID COMM ACTION FILE)"
	if [ -n "$args" ]; then
		has_line "$T/filegone.out" "{\"time\": \"HH:MM:SS\", \"pid\": $PROG_PID, \"comm\": \"filegone\", \"action\": \"RENAME\", \"file\": \"$tag-gone-a\", \"new_file\": \"$tag-gone-b\"}"
		has_line "$T/filegone.out" "{\"time\": \"HH:MM:SS\", \"pid\": $PROG_PID, \"comm\": \"filegone\", \"action\": \"DELETE\", \"file\": \"$tag-gone-c\"}"
	else
		has_line "$T/filegone.out" "$(printf '%-8s %-7s %-16s %6s %s' HH:MM:SS "$PROG_PID" filegone RENAME "$tag-gone-a > $tag-gone-b")"
		has_line "$T/filegone.out" "$(printf '%-8s %-7s %-16s %6s %s' HH:MM:SS "$PROG_PID" filegone DELETE "$tag-gone-c")"
	fi
done
echo "ok: filegone"

# softirqslower: the header and a net_rx row of a program on the traced CPU.
cpu=$(($(nproc) - 1))
gated_start "$TESTBIN/udpburst" 20
taskset -p -c "$cpu" "$PROG_PID" >/dev/null || fail "taskset -p -c $cpu"
start_tool softirqslower -c "$cpu" 0
wait_for "$T/softirqslower.out" 'COMM$'
poke
wait "$PROG_PID" || fail "udpburst failed"
stop_tool
lat=$(field "$T/softirqslower.out" "^[0-9:]{8} softirq runtime +net_rx " 5)
comm=$(grep -E "^[0-9:]{8} softirq runtime +net_rx +$lat " "$T/softirqslower.out" | head -n 1 | cut -c 62-)
has_line "$T/softirqslower.out" "$(printf '%-8s %-20s %-8s %-14s %-6s %s' TIME STAGE SOFTIRQ 'LAT(us)' CPU COMM)"
has_line "$T/softirqslower.out" "$(printf '%-8s %-20s %-8s %-14d %-6d %s' HH:MM:SS 'softirq runtime' net_rx "$lat" "$cpu" "$comm")"
echo "ok: softirqslower"

# ext4slower and fsslower need fentry or kprobes and an ext4 disk: the VM
# tier's /mnt/ext4.  BCC's columns (COMM 14, PID 6) and libbpf-tools'
# (16, 7); JSON.
if grep -q ' /mnt/ext4 ext4 ' /proc/mounts && "$BPFKIT" ext4slower --ebpf >/dev/null 2>&1; then
	for args in "ext4slower 0" "ext4slower --json 0" "fsslower -t ext4 -m 0"; do
		name="$tag-fs"
		gated_start "$TESTBIN/fsrw" "/mnt/ext4/$name"
		set -- $args
		tool=$1
		shift
		start_tool "$tool" -p "$PROG_PID" "$@"
		case $args in *json*) hdr="$T/$tool.err" ;; *) hdr="$T/$tool.out" ;; esac
		wait_for "$hdr" 'FILENAME$'
		poke
		wait "$PROG_PID" || fail "fsrw failed"
		wait_for "$T/$tool.out" "S.*$name"
		stop_tool
		rm -f "/mnt/ext4/$name"
		case $args in
		ext4slower\ 0)
			has_line "$hdr" "$(printf '%-8s %-14s %-6s %1s %-7s %-8s %7s %s' TIME COMM PID T BYTES OFF_KB 'LAT(ms)' FILENAME)"
			lat=$(field "$T/$tool.out" " W 8192 .*$name\$" 7)
			has_line "$T/$tool.out" "$(printf '%-8s %-14.14s %-6s %1s %-7s %-8d %7s %s' HH:MM:SS fsrw "$PROG_PID" W 8192 4 "$lat" "$name")" ;;
		*json*)
			expect_grep "^\{\"time\": \"[0-9:]{8}\", \"comm\": \"fsrw\", \"pid\": $PROG_PID, \"t\": \"W\", \"bytes\": 8192, \"off_kb\": 4, \"lat_ms\": [0-9]+\.[0-9]+, \"filename\": \"$name\"\}\$" "$T/$tool.out" ;;
		*)
			has_line "$hdr" "$(printf '%-8s %-16s %-7s %1s %-7s %-8s %7s %s' TIME COMM PID T BYTES OFF_KB 'LAT(ms)' FILENAME)"
			lat=$(field "$T/$tool.out" " R 4096 .*$name\$" 7)
			has_line "$T/$tool.out" "$(printf '%-8s %-16s %-7s %1s %-7s %-8d %7s %s' HH:MM:SS fsrw "$PROG_PID" R 4096 8 "$lat" "$name")" ;;
		esac
	done
	echo "ok: ext4slower, fsslower"
else
	echo "ok: ext4slower has no mechanism or no /mnt/ext4 here (the VM tier)"
fi
# oomkill: the status line and BCC's sentence for a kill in a memory
# cgroup of the test's (pages and load averages read back).
. "$(dirname "$TESTLIB")/memcg.sh"
memcg_hog 32 1024
start_tool oomkill
wait_for "$T/oomkill.out" '^Tracing OOM kills'
poke
wait "$PROG_PID"
wait_for "$T/oomkill.out" 'Triggered by'
stop_tool
memcg_cleanup
pages=$(field "$T/oomkill.out" 'Triggered by' 13)
load=$(grep 'Triggered by' "$T/oomkill.out" | sed 's/.*loadavg: //')
has_line "$T/oomkill.out" "Tracing OOM kills... Ctrl-C to stop."
has_line "$T/oomkill.out" "HH:MM:SS Triggered by PID $PROG_PID (\"memhog\"), OOM kill of PID $PROG_PID (\"memhog\"), $pages pages, loadavg: $load"
echo "ok: oomkill"

# drsnoop -T -U -e where kallsyms lists vm_zone_stat, else -T -U: the
# reclaims of pagereader in an 8 MB memory cgroup; values read back.
file=$(memcg_dir)/bpfkit-rows-dr-$$
memcg_make 8
gated_start "$TESTBIN/pagereader" "$file" 20
memcg_enter "$PROG_PID"
ext="" free=""
grep -Eq ' (vm_zone_stat|vm_stat)$' /proc/kallsyms && ext=-e
start_tool drsnoop -T -U $ext -p "$PROG_PID"
wait_for "$T/drsnoop.out" 'PAGES'
poke
wait "$PROG_PID" || fail "pagereader failed"
stop_tool
memcg_cleanup
rm -f "$file"
lat=$(field "$T/drsnoop.out" '^0\.000000000 ' 5)
pages=$(field "$T/drsnoop.out" '^0\.000000000 ' 6)
[ -n "$ext" ] && free=$(printf '%10s' "$(field "$T/drsnoop.out" '^0\.000000000 ' 7)")
has_line "$T/drsnoop.out" "$(printf '%-14s%-6s%-14s %-6s %8s %5s' 'TIME(s)' UID COMM PID 'LAT(ms)' PAGES)${ext:+$(printf '%10s' 'FREE(KB)')}"
has_line "$T/drsnoop.out" "$(printf '%-14s%-6s%-14s %-6s %8s %5s' 0.000000000 0 pagereader "$PROG_PID" "$lat" "$pages")$free"
echo "ok: drsnoop"

# shmsnoop: shmcalls' header and its shmctl row, text and JSON.
for mode in text json; do
	gated_start "$TESTBIN/shmcalls"
	start_tool shmsnoop -p "$PROG_PID" $([ $mode = json ] && echo -j)
	wait_for "$T/shmsnoop.$([ $mode = json ] && echo err || echo out)" 'ARGs$'
	poke
	wait "$PROG_PID" || fail "shmcalls failed"
	wait_for "$T/shmsnoop.out" '5eed5eed'
	stop_tool
	id=$(awk '{ print $2 }' "$T/prog.out")
	if [ $mode = text ]; then
		has_line "$T/shmsnoop.out" "$(printf '%-6s %-16s %6s %16s ARGs' PID COMM SYS RET)"
		has_line "$T/shmsnoop.out" "$(printf '%-6d %-16s %6s %16x %s' "$PROG_PID" shmcalls SHMCTL 0 "shmid: 0x$id, cmd: 0 (IPC_RMID), buf: 0x0")"
	else
		has_line "$T/shmsnoop.err" "$(printf '%-6s %-16s %6s %16s ARGs' PID COMM SYS RET)"
		has_line "$T/shmsnoop.out" "{\"pid\": $PROG_PID, \"comm\": \"shmcalls\", \"sys\": \"SHMCTL\", \"ret\": 0, \"args\": \"shmid: 0x$id, cmd: 0 (IPC_RMID), buf: 0x0\"}"
	fi
done
echo "ok: shmsnoop"

# slabratetop -C -p of openloop: the whole summary's frame (lines 1-5 and
# the last), and its filp row; counts read back.
gated_start "$TESTBIN/openloop" 300
start_tool slabratetop -C -p "$PROG_PID" 60
wait_for "$T/slabratetop.out" 'Ctrl-C to end$'
poke
wait "$PROG_PID" || fail "openloop failed"
stop_tool
sed -E 's/^[0-9:]{8} loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+\/[0-9]+ [0-9]+$/HH:MM:SS loadavg: LOAD/' "$T/slabratetop.out" |
	sed -n '1,5p;$p' >"$T/frame"
printf '%s\n' "Tracing... Output every 60 secs. Hit Ctrl-C to end" "" "HH:MM:SS loadavg: LOAD" "" \
	"$(printf '%-32s %6s %10s' CACHE ALLOCS BYTES)" "Detaching..." | cmp -s - "$T/frame" || fail "slabratetop's frame: $(cat "$T/frame")"
has_line "$T/slabratetop.out" "$(printf '%-32s %6d %10d' filp "$(field "$T/slabratetop.out" '^filp ' 2)" "$(field "$T/slabratetop.out" '^filp ' 3)")"
echo "ok: slabratetop"

# compactsnoop -T: a write to compact_memory; its first zone's row, the
# latency and result read back (kernels after 5.15: live.compactsnoop
# checks the refusal before).
case $(uname -r) in [0-4].* | 5.[0-9].* | 5.1[0-5].*) ;; *)
gated_start /bin/sh -c 'read x && echo 1 >/proc/sys/vm/compact_memory'
start_tool compactsnoop -T -p "$PROG_PID"
wait_for "$T/compactsnoop.out" 'STATUS$'
poke
wait "$PROG_PID" || fail "writing compact_memory failed"
wait_for "$T/compactsnoop.out" '^0\.000000000 '
stop_tool
zone=$(field "$T/compactsnoop.out" '^0\.000000000 ' 5)
lat=$(field "$T/compactsnoop.out" '^0\.000000000 ' 8)
st=$(field "$T/compactsnoop.out" '^0\.000000000 ' 9)
has_line "$T/compactsnoop.out" "$(printf '%-14s %-14s %-6s %-4s %-12s %-5s %-7s %9s %16s' 'TIME(s)' COMM PID NODE ZONE ORDER MODE 'LAT(ms)' STATUS)"
has_line "$T/compactsnoop.out" "$(printf '%-14s %-14s %-6s %-4s %-12s %-5s %-7s %9s %16s' 0.000000000 sh "$PROG_PID" 0 "$zone" -1 SYNC "$lat" "$st")"
echo "ok: compactsnoop"
;; esac

# funcslower -t -a 2 of one slow nap of functimer (40 ms: RVAL 0x50,
# args 0x28 0x7), text and JSON; the latency read back.
fs_run() { # OUT ARGS...
	_out=$1
	shift
	gated_start "$TESTBIN/functimer" nap:1:40 doze:1:3000
	start_tool funcslower -m 20 -p "$PROG_PID" "$@" "$TESTBIN/functimer:nap"
	wait_for "$T/funcslower.$_out" 'RVAL FUNC' 30
	poke
	wait_for "$T/funcslower.out" 'functimer' 30
	stop_tool
	kill "$PROG_PID" 2>/dev/null
	wait "$PROG_PID" 2>/dev/null
}
fs_run out -t -a 2
lat=$(field "$T/funcslower.out" "^0\.000000 +functimer " 4)
has_line "$T/funcslower.out" "Tracing function calls slower than 20 ms... Ctrl+C to quit."
has_line "$T/funcslower.out" "$(printf '%-10s %-14s %-6s %7s %16s %s' TIME COMM PID 'LAT(ms)' RVAL 'FUNC ARGS')"
has_line "$T/funcslower.out" "$(printf '%-10.6f %-14.14s %-6s %7s %16x %s %s' 0 functimer "$PROG_PID" "$lat" 80 "$TESTBIN/functimer:nap" '0x28 0x7')"
fs_run err -j -a 2
has_line "$T/funcslower.err" "$(printf '%-14s %-6s %7s %16s %s' COMM PID 'LAT(ms)' RVAL 'FUNC ARGS')"
expect_grep "^\{\"comm\": \"functimer\", \"pid\": $PROG_PID, \"lat_ms\": [0-9]+\.[0-9]+, \"rval\": 80, \"func\": \"$TESTBIN/functimer:nap\", \"args\": \[\"0x28\", \"0x7\"\]\}\$" "$T/funcslower.out"
echo "ok: funcslower"

# The block tools, on a loop device (the guests have no loop driver).
if [ -z "${KERNEL_ID:-}" ]; then
	loop_mount
	# biosnoop: the default columns, then -P and -Q.
	for args in "" "-P -Q"; do
		gated_ready "$TESTBIN/directio" "$LOOP_DIR/rows" 2 4096
		# shellcheck disable=SC2086
		start_tool biosnoop $args -d "$LOOP_NAME"
		wait_for "$T/biosnoop.out" 'LAT\(ms\)$'
		poke
		wait "$PROG_PID" || fail "directio failed"
		wait_for_lines "$T/biosnoop.out" " directio " 2
		stop_tool
		sector=$(field "$T/biosnoop.out" "^0\.000000 " 6)
		if [ -z "$args" ]; then
			lat=$(field "$T/biosnoop.out" "^0\.000000 " 8)
			has_line "$T/biosnoop.out" "$(printf '%-11s %-14s %-7s %-9s %-1s %-10s %-7s%7s' 'TIME(s)' COMM PID DISK T SECTOR BYTES 'LAT(ms)')"
			has_line "$T/biosnoop.out" "$(printf '%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%7s' 0 directio "$PROG_PID" "$LOOP_NAME" W "$sector" 4096 "$lat")"
		else
			que=$(field "$T/biosnoop.out" "^0\.000000 " 9)
			lat=$(field "$T/biosnoop.out" "^0\.000000 " 10)
			has_line "$T/biosnoop.out" "$(printf '%-11s %-14s %-7s %-9s %-1s %-10s %-7s%-1s %7s %7s' 'TIME(s)' COMM PID DISK T SECTOR BYTES P 'QUE(ms)' 'LAT(ms)')"
			has_line "$T/biosnoop.out" "$(printf '%-11.6f %-14.14s %-7s %-9s %-1s %-10s %-7s%-1s %7s %7s' 0 directio "$PROG_PID" "$LOOP_NAME" W "$sector" 4096 '?' "$que" "$lat")"
		fi
	done
	echo "ok: biosnoop"

	# biotop: the header lines and a row (one summary, at Ctrl-C).
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/rows-top" 3 4096
	start_tool biotop -C -p "$PROG_PID" 99
	wait_for "$T/biotop.out" '^Tracing'
	poke
	wait "$PROG_PID" || fail "directio failed"
	stop_tool
	major=$(printf '%d' "0x$(stat -c %t "$LOOP_DEV")")
	minor=$(printf '%d' "0x$(stat -c %T "$LOOP_DEV")")
	avg=$(field "$T/biotop.out" "^$PROG_PID " 9)
	has_line "$T/biotop.out" "Tracing... Output every 99 secs. Hit Ctrl-C to end"
	has_line "$T/biotop.out" "$(printf '%-7s %-16s %1s %-3s %-3s %-8s %5s %7s %6s' PID COMM D MAJ MIN DISK I/O Kbytes AVGms)"
	has_line "$T/biotop.out" "$(printf '%-7d %-16s %1s %-3d %-3d %-8s %5s %7s %6s' "$PROG_PID" directio W "$major" "$minor" "$LOOP_NAME" 3 12.0 "$avg")"
	has_line "$T/biotop.out" "Detaching..."
	echo "ok: biotop"

	# biopattern: the header and a row, on a file of its own (one
	# extent: block 3 of a file grown from 2 blocks may land elsewhere).
	gated_ready "$TESTBIN/directio" "$LOOP_DIR/rows-pattern" 3 4096
	start_tool biopattern -d "$LOOP_NAME"
	wait_for "$T/biopattern.out" 'KBYTES$'
	poke
	wait "$PROG_PID" || fail "directio failed"
	stop_tool
	has_line "$T/biopattern.out" "$(printf '%-9s %-7s %5s %5s %8s %10s' TIME DISK %RND %SEQ COUNT KBYTES)"
	has_line "$T/biopattern.out" "$(printf '%-9s %-7s %5d %5d %8d %10d' HH:MM:SS "$LOOP_NAME" 0 100 2 8)"
	echo "ok: biopattern"

	# biolatpcts: the header and the rows of a report without I/O.
	start_tool biolatpcts -i -1 -p 50,99.9 "$LOOP_DEV"
	wait_for "$T/biolatpcts.out" '^flush '
	stop_tool
	has_line "$T/biolatpcts.out" "$(printf '%-7s %5s %5s' "$LOOP_NAME" 50 99.9)"
	for op in read write discard flush; do
		has_line "$T/biolatpcts.out" "$(printf '%-7s %5s %5s' $op - -)"
	done
	echo "ok: biolatpcts"
else
	echo "ok: the block tools are checked on the host (no loop driver in the guest)"
fi
echo PASS
