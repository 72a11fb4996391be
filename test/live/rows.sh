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
echo PASS
