# The interval tools' output, byte for byte: status lines, blank lines,
# timestamps, headers, sections, table and histogram rows, JSON objects, and
# which of stdout and stderr each goes to, for the options that change them.
# What the test cannot know (counts, times, which irqs fired) is masked by
# SKEL below after each row is checked against its printf format; the rest
# is compared whole with the expected text.
. "$TESTLIB"

# Lines with times of day as HH:MM:SS, dates as YYYY-MM-DD, numbers in JSON
# as N (a run of histogram buckets as one); log2 and linear histogram rows,
# and rows matching rowre (of length rowlen, if given), each checked, as ROW
# (a run as one); lines matching sect as SECTION, a run of sections alike as
# one; numbers in lines matching nums as N; "pid = <pid>" as "pid = PID";
# the strings of JSON key jsonkey as S.
SKEL='
function row() { if (last != "ROW") out("ROW") }
function out(s) { if (s ~ /^\{/ && s == last) return; lines[++n] = s; last = s }
pid != "" && $0 ~ "^[a-z]+ = " pid "( |$)" { sub(pid, "PID") }
{ gsub(/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] /, "YYYY-MM-DD "); gsub(/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]/, "HH:MM:SS") }
/^ +[0-9]+ -> [0-9]+ +: [0-9]+ +\|[* ]*\|$/ {
	w = length($0) > 100 ? 20 : 10
	if (sprintf("%" w "s -> %-" w "s : %-8s |", $1, $3, $5) != substr($0, 1, 2 * w + 17) || length($0) != 2 * w + 58)
		out("BAD ROW " $0)
	else
		row()
	next
}
/^        [0-9]+ +: [0-9]+ +\|[* ]*\|$/ {
	if (sprintf("        %-10s : %-8s |", $1, $3) != substr($0, 1, 31) || length($0) != 72)
		out("BAD ROW " $0)
	else
		row()
	next
}
/^\{/ {
	s = $0
	if (jsonkey != "") gsub("\"" jsonkey "\": \"[^\"]*\"", "\"" jsonkey "\": \"S\"", s)
	gsub(/[0-9]+(\.[0-9]+)?/, "N", s)
	while (sub(/\{"interval-start": N, "interval-end": N, "count": N\}, \{"interval-start": N, "interval-end": N, "count": N\}/, "{\"interval-start\": N, \"interval-end\": N, \"count\": N}", s)) {}
	out(s)
	next
}
sect != "" && $0 ~ sect { out("SECTION"); next }
nums != "" && $0 ~ nums { gsub(/[0-9]+/, "N"); out($0); next }
rowre != "" && $0 ~ rowre {
	if (rowlen && length($0) != rowlen)
		out("BAD ROW " $0)
	else
		row()
	next
}
{ out($0) }
function block(i,   j, b) {
	b = lines[i]
	for (j = i + 1; j <= n && lines[j] != "SECTION"; j++) b = b "\n" lines[j]
	sub(/\n+$/, "", b)
	end_of = j
	return b
}
END {
	for (i = 1; i <= n; i++) {
		if (lines[i] == "SECTION") {
			b = block(i)
			e = end_of
			if (e <= n && block(e) == b) { i = e - 1; continue }
		}
		print lines[i]
	}
}'

# skeleton FILE [AWK-VAR=VALUE...] <<EXPECTED: FILE's lines under SKEL are
# EXPECTED exactly.  Values go through awk -v, whose escapes differ between
# awks (busybox's in the VM tier takes \[ as [): regexes say [.] and [[].
skeleton() {
	_f=$1
	shift
	_n=$#
	while [ "$_n" -gt 0 ]; do
		set -- "$@" -v "$1"
		shift
		_n=$((_n - 1))
	done
	awk "$@" "$SKEL" "$_f" >"$T/skel.got" || fail "awk on $_f"
	cat >"$T/skel.want"
	cmp -s "$T/skel.want" "$T/skel.got" || {
		diff "$T/skel.want" "$T/skel.got" >&2
		fail "$_f is not as pinned (diff above: - expected, + got)"
	}
}

# on_sleeper TOOL ARGS...: TOOL ARGS -p on a test program that sleeps 3
# times for 20 ms, stopped by Ctrl-C once the program has ended; the status
# line is awaited on stdout, or with -j on stderr.
on_sleeper() {
	_tool=$1
	shift
	case " $* " in *" -j "*) _st=err ;; *) _st=out ;; esac
	gated_start "$TESTBIN/sleeper" 3 20
	start_tool "$_tool" "$@" -p "$PROG_PID"
	wait_for "$T/$_tool.$_st" 'Ctrl-C'
	poke
	wait "$PROG_PID"
	stop_tool
}

# cpudist: off-CPU time of the sleeper, with -e's summary, per PID and TID
# (the section names the comm, then a blank line, as BCC's), milliseconds,
# timestamps; -j: the status on stderr, a histogram object per line, -e's
# compact object after it.
on_sleeper cpudist -O -e
skeleton "$T/cpudist.out" nums='^avg = ' <<'X'
Tracing off-CPU time... Hit Ctrl-C to end.

     usecs               : count     distribution
ROW

avg = N usecs, total: N usecs, count: N

X
skeleton "$T/cpudist.err" </dev/null
on_sleeper cpudist -O -P -m -T
skeleton "$T/cpudist.out" pid="$PROG_PID" <<'X'
Tracing off-CPU time... Hit Ctrl-C to end.

HH:MM:SS

pid = PID sleeper

     msecs               : count     distribution
ROW
X
on_sleeper cpudist -O -L
skeleton "$T/cpudist.out" pid="$PROG_PID" <<'X'
Tracing off-CPU time... Hit Ctrl-C to end.


tid = PID sleeper

     usecs               : count     distribution
ROW
X
on_sleeper cpudist -j -O -e -T
skeleton "$T/cpudist.out" <<'X'
{"ts": "YYYY-MM-DD HH:MM:SS", "val_type": "usecs", "data": [{"interval-start": N, "interval-end": N, "count": N}]}
{"avg":N,"total":N,"count":N,"unit":"usecs"}
X
skeleton "$T/cpudist.err" <<'X'
Tracing off-CPU time... Hit Ctrl-C to end.
X
on_sleeper cpudist -j -O -P
skeleton "$T/cpudist.out" <<'X'
{"ts": "YYYY-MM-DD HH:MM:SS", "val_type": "usecs", "data": [{"interval-start": N, "interval-end": N, "count": N}], "pid": "N sleeper"}
X
on_sleeper cpudist -j -L -m
skeleton "$T/cpudist.out" <<'X'
{"ts": "YYYY-MM-DD HH:MM:SS", "val_type": "msecs", "data": [{"interval-start": N, "interval-end": N, "count": N}], "tid": "N sleeper"}
X
skeleton "$T/cpudist.err" <<'X'
Tracing on-CPU time... Hit Ctrl-C to end.
X
echo "ok: cpudist"

# runqlat: the sleeper's wakeups; sections per PID, TID, PID namespace and
# CPU (the sleeper pinned to one), timestamps, milliseconds; -j.
on_sleeper runqlat -T
skeleton "$T/runqlat.out" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.

HH:MM:SS
     usecs               : count     distribution
ROW
X
skeleton "$T/runqlat.err" </dev/null
on_sleeper runqlat -m -L
skeleton "$T/runqlat.out" pid="$PROG_PID" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.


tid = PID
     msecs               : count     distribution
ROW
X
on_sleeper runqlat -P
skeleton "$T/runqlat.out" pid="$PROG_PID" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.


pid = PID
     usecs               : count     distribution
ROW
X
on_sleeper runqlat --pidnss
ns=$(readlink /proc/self/ns/pid | tr -dc 0-9)
skeleton "$T/runqlat.out" pid="$ns" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.


pidns = PID
     usecs               : count     distribution
ROW
X
cpu=$(($(nproc) - 1))
gated_start "$TESTBIN/sleeper" 3 20
taskset -pc "$cpu" "$PROG_PID" >/dev/null || fail "taskset"
start_tool runqlat --cpus -p "$PROG_PID"
wait_for "$T/runqlat.out" 'Ctrl-C'
poke
wait "$PROG_PID"
stop_tool
skeleton "$T/runqlat.out" pid="$cpu" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.


cpu = PID
     usecs               : count     distribution
ROW
X
on_sleeper runqlat -j -P -m -T
skeleton "$T/runqlat.out" <<'X'
{"ts": "YYYY-MM-DD HH:MM:SS", "val_type": "msecs", "data": [{"interval-start": N, "interval-end": N, "count": N}], "pid": "N"}
X
skeleton "$T/runqlat.err" <<'X'
Tracing run queue latency... Hit Ctrl-C to end.
X
on_sleeper runqlat -j
skeleton "$T/runqlat.out" <<'X'
{"ts": "YYYY-MM-DD HH:MM:SS", "val_type": "usecs", "data": [{"interval-start": N, "interval-end": N, "count": N}]}
X
echo "ok: runqlat"

# runqlen: system wide, one 0.3 s interval each; a section per CPU (-C);
# occupancy (-O), per CPU; -j: an object per histogram or CPU, the status,
# blank lines and timestamps on stderr.
# runs TOOL ARGS...: TOOL ARGS, which must end by themselves, exit 0.
runs() {
	_tool=$1
	shift
	"$BPFKIT" "$_tool" "$@" >"$T/$_tool.out" 2>"$T/$_tool.err" || fail "$_tool $* failed"
}
# The sampler is a cpu-clock event, which a tickless idle CPU does not
# fire: an idle CPU may get no sample in 0.3 s and so no section.  A
# spinner on each CPU for the runqlen runs (bounded: 20 s, killed after).
command -v taskset >/dev/null || fail "taskset is needed"
busy=""
for cpu in $(seq 0 $(($(nproc) - 1))); do
	echo x | taskset -c "$cpu" "$TESTBIN/spinner" 20000 &
	busy="$busy $!"
done
BG_PIDS="$BG_PIDS $busy"
runs runqlen -T 0.3 1
skeleton "$T/runqlen.out" <<'X'
Sampling run queue length... Hit Ctrl-C to end.

HH:MM:SS
     runqlen       : count     distribution
ROW
X
skeleton "$T/runqlen.err" </dev/null
runs runqlen -C 0.3 1
skeleton "$T/runqlen.out" sect='^cpu = [0-9]+$' <<'X'
Sampling run queue length... Hit Ctrl-C to end.


SECTION
     runqlen       : count     distribution
ROW
X
[ "$(grep -c '^cpu = ' "$T/runqlen.out")" -eq "$(nproc)" ] || fail "runqlen -C: not a section per CPU"
runs runqlen -O 0.3 1
skeleton "$T/runqlen.out" rowre='^runqocc: [0-9]+[.][0-9][0-9]%$' <<'X'
Sampling run queue length... Hit Ctrl-C to end.

ROW
X
runs runqlen -O -C -T 0.3 1
skeleton "$T/runqlen.out" rowre='^runqocc, CPU [0-9]+ +[0-9]+[.][0-9][0-9]%$' rowlen=24 <<'X'
Sampling run queue length... Hit Ctrl-C to end.

HH:MM:SS
ROW
X
[ "$(grep -c '^runqocc, CPU' "$T/runqlen.out")" -eq "$(nproc)" ] || fail "runqlen -O -C: not a line per CPU"
runs runqlen -j -T 0.3 1
skeleton "$T/runqlen.out" <<'X'
{"ts": "HH:MM:SS", "val_type": "runqlen", "data": [{"interval-start": N, "interval-end": N, "count": N}]}
X
skeleton "$T/runqlen.err" <<'X'
Sampling run queue length... Hit Ctrl-C to end.

HH:MM:SS
X
runs runqlen -j -C 0.3 1
skeleton "$T/runqlen.out" <<'X'
{"ts": "HH:MM:SS", "val_type": "runqlen", "data": [{"interval-start": N, "interval-end": N, "count": N}], "cpu": "N"}
X
[ "$(wc -l <"$T/runqlen.out")" -eq "$(nproc)" ] || fail "runqlen -j -C: not an object per CPU"
runs runqlen -j -O 0.3 1
skeleton "$T/runqlen.out" <<'X'
{"time": "HH:MM:SS", "runqocc_pct": N}
X
skeleton "$T/runqlen.err" <<'X'
Sampling run queue length... Hit Ctrl-C to end.

X
runs runqlen -j -O -C 0.3 1
skeleton "$T/runqlen.out" <<'X'
{"time": "HH:MM:SS", "cpu": N, "runqocc_pct": N}
X
# shellcheck disable=SC2086
kill $busy 2>/dev/null || true
echo "ok: runqlen"

# cpuunclaimed: two 0.3 s summaries with timestamps; --json; BCC's CSV (-j,
# with -T a time column; -J adds offsets) until Ctrl-C.
# (awk here may be mawk, which has no {n} in its regexes)
pct='%CPU (  [0-9]| [0-9][0-9]|[0-9][0-9][0-9])[.][0-9][0-9]%, unclaimed idle [0-9]+[.][0-9][0-9]%$'
runs cpuunclaimed -T 0.3 2
skeleton "$T/cpuunclaimed.out" rowre="^HH:MM:SS $pct" <<'X'
Sampling run queues... Output every 0.3 seconds. Hit Ctrl-C to end.
ROW
X
[ "$(grep -c '%CPU' "$T/cpuunclaimed.out")" -eq 2 ] || fail "cpuunclaimed 0.3 2: not two summaries"
runs cpuunclaimed 0.3 1
skeleton "$T/cpuunclaimed.out" rowre="^$pct" <<'X'
Sampling run queues... Output every 0.3 seconds. Hit Ctrl-C to end.
ROW
X
runs cpuunclaimed --json 0.3 1
skeleton "$T/cpuunclaimed.out" <<'X'
{"time": "HH:MM:SS", "cpu_pct": N, "unclaimed_idle_pct": N}
X
skeleton "$T/cpuunclaimed.err" <<'X'
Sampling run queues... Output every 0.3 seconds. Hit Ctrl-C to end.
X
ncpu=$(nproc)
lens=$(i=0; while [ "$i" -lt "$ncpu" ]; do printf ',[0-9]+'; i=$((i + 1)); done)
cols=$(i=0; while [ "$i" -lt "$ncpu" ]; do printf ',CPU%d' "$i"; i=$((i + 1)); done)
offs=$(i=0; while [ "$i" -lt "$ncpu" ]; do printf ',OFFSET_ns_CPU%d' "$i"; i=$((i + 1)); done)
start_tool cpuunclaimed -j -T
wait_for_lines "$T/cpuunclaimed.out" '^HH|^[0-9]' 3
stop_tool
skeleton "$T/cpuunclaimed.out" rowre="^HH:MM:SS,[0-9]+$lens\$" <<X
TIME,TIMESTAMP_ns$cols
ROW
X
start_tool cpuunclaimed -J
wait_for_lines "$T/cpuunclaimed.out" '^[0-9]' 3
stop_tool
skeleton "$T/cpuunclaimed.out" rowre="^[0-9]+$lens$lens\$" <<X
TIMESTAMP_ns$cols$offs
ROW
X
skeleton "$T/cpuunclaimed.err" </dev/null
echo "ok: cpuunclaimed"

# softirqs on 500 UDP datagrams over loopback until Ctrl-C; hardirqs on
# whatever this host's irqs do, 0.3 s intervals.  Totals (usecs, -N, -C) as
# "%-16s %11s" (softirqs) or "%-26s %11s" (hardirqs), largest first;
# histograms per irq (-d); -j: an object per irq or histogram, with the
# time, the rest on stderr.
on_udp() { # ARGS...
	gated_start "$TESTBIN/udpburst" 500
	start_tool softirqs "$@"
	case " $* " in *" -j "*) _st=err ;; *) _st=out ;; esac
	wait_for "$T/softirqs.$_st" 'Ctrl-C'
	poke
	wait "$PROG_PID" || fail "udpburst failed"
	stop_tool
}
on_udp -T
skeleton "$T/softirqs.out" rowre='^[a-z_]+ +[0-9]+$' rowlen=28 <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.

HH:MM:SS
SOFTIRQ          TOTAL_usecs
ROW
X
skeleton "$T/softirqs.err" </dev/null
on_udp -C
skeleton "$T/softirqs.out" rowre='^[a-z_]+ +[0-9]+$' rowlen=28 <<'X'
Tracing soft irq events... Hit Ctrl-C to end.

SOFTIRQ          TOTAL_count
ROW
X
on_udp -N
skeleton "$T/softirqs.out" rowre='^[a-z_]+ +[0-9]+$' rowlen=28 <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.

SOFTIRQ          TOTAL_nsecs
ROW
X
on_udp -d -N
skeleton "$T/softirqs.out" sect='^softirq = [a-z_]+$' <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.


SECTION
     nsecs               : count     distribution
ROW
X
on_udp -d -T
skeleton "$T/softirqs.out" sect='^softirq = [a-z_]+$' <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.

HH:MM:SS

SECTION
     usecs               : count     distribution
ROW
X
on_udp -j
skeleton "$T/softirqs.out" jsonkey=softirq <<'X'
{"time": "HH:MM:SS", "softirq": "S", "total_usecs": N}
X
skeleton "$T/softirqs.err" <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.

SOFTIRQ          TOTAL_usecs
X
on_udp -j -d
skeleton "$T/softirqs.out" jsonkey=softirq <<'X'
{"ts": "HH:MM:SS", "val_type": "usecs", "data": [{"interval-start": N, "interval-end": N, "count": N}], "softirq": "S"}
X
skeleton "$T/softirqs.err" <<'X'
Tracing soft irq event time... Hit Ctrl-C to end.

X
on_udp -j -C -T
skeleton "$T/softirqs.out" jsonkey=softirq <<'X'
{"time": "HH:MM:SS", "softirq": "S", "total_count": N}
X
skeleton "$T/softirqs.err" <<'X'
Tracing soft irq events... Hit Ctrl-C to end.

HH:MM:SS
SOFTIRQ          TOTAL_count
X
echo "ok: softirqs"

# This host's irqs are not the test's to make: an interval may have none,
# so rows and sections are pinned where there are some.
hardrow='^[^ ].* +[0-9]+$'
# with_rows FILE LINE...: the LINEs, then ROW if FILE has a row after them.
with_rows() {
	_f=$1
	shift
	printf '%s\n' "$@"
	awk -v n=$# 'NR > n && /[0-9]$/ { print "ROW"; exit }' "$_f"
}
runs hardirqs -C 0.3 1
with_rows "$T/hardirqs.out" 'Tracing hard irq events... Hit Ctrl-C to end.' '' \
	'HARDIRQ                    TOTAL_count' >"$T/hard.want"
skeleton "$T/hardirqs.out" rowre="$hardrow" <"$T/hard.want"
awk 'NR > 3 && length($0) < 38 { bad = 1 } END { exit bad }' "$T/hardirqs.out" || fail "hardirqs rows narrower than %-26s %11s"
runs hardirqs -T 1 1
with_rows "$T/hardirqs.out" 'Tracing hard irq event time... Hit Ctrl-C to end.' '' HH:MM:SS \
	'HARDIRQ                    TOTAL_usecs' >"$T/hard.want"
skeleton "$T/hardirqs.out" rowre="$hardrow" <"$T/hard.want"
skeleton "$T/hardirqs.err" </dev/null
runs hardirqs -d 0.3 1
if grep -q '^hardirq = ' "$T/hardirqs.out"; then
	skeleton "$T/hardirqs.out" sect='^hardirq = ' <<'X'
Tracing hard irq event time... Hit Ctrl-C to end.


SECTION
     usecs               : count     distribution
ROW
X
else
	skeleton "$T/hardirqs.out" <<'X'
Tracing hard irq event time... Hit Ctrl-C to end.

X
fi
runs hardirqs -j -C 0.3 1
[ -s "$T/hardirqs.out" ] && skeleton "$T/hardirqs.out" jsonkey=hardirq <<'X'
{"time": "HH:MM:SS", "hardirq": "S", "total_count": N}
X
skeleton "$T/hardirqs.err" <<'X'
Tracing hard irq events... Hit Ctrl-C to end.

HARDIRQ                    TOTAL_count
X
runs hardirqs -j -d -N 0.3 1
[ -s "$T/hardirqs.out" ] && skeleton "$T/hardirqs.out" jsonkey=hardirq <<'X'
{"ts": "HH:MM:SS", "val_type": "nsecs", "data": [{"interval-start": N, "interval-end": N, "count": N}], "hardirq": "S"}
X
echo "ok: hardirqs"

# syscount on a test program's 4321 getpid calls: by syscall, by process
# (-P), with latency (-L, -m), failures only (-x), one syscall (--syscall),
# a summary per interval (-i, with -d); -j: an object per row, the rest on
# stderr.
on_getpids() { # ARGS...
	gated_start "$TESTBIN/getpids" 4321
	start_tool syscount "$@" -p "$PROG_PID"
	case " $* " in *" -j "*) _st=err ;; *) _st=out ;; esac
	wait_for "$T/syscount.$_st" 'Ctrl\+C'
	poke
	wait "$PROG_PID"
	stop_tool
}
getpid_row=$(printf '%-22s %8s' getpid 4321)
on_getpids
skeleton "$T/syscount.out" rowre='^[a-z0-9_]+ +[0-9]+$' rowlen=31 <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT
ROW

Detaching...
X
grep -Fxq "$getpid_row" "$T/syscount.out" || fail "no row '$getpid_row'"
skeleton "$T/syscount.err" </dev/null
on_getpids -L
skeleton "$T/syscount.out" rowre='^[a-z0-9_]+ +[0-9]+ +[0-9]+[.][0-9][0-9][0-9]$' rowlen=48 <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT        TIME (us)
ROW

Detaching...
X
on_getpids -L -m -T 3
skeleton "$T/syscount.out" rowre='^[a-z0-9_]+ +[0-9]+ +[0-9]+[.][0-9][0-9][0-9][0-9][0-9][0-9]$' rowlen=48 <<'X'
Tracing syscalls, printing top 3... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT        TIME (ms)
ROW

Detaching...
X
[ "$(grep -Ec '^[a-z]' "$T/syscount.out")" -le 4 ] || fail "-T 3: more than 3 rows"
on_getpids -P
skeleton "$T/syscount.out" rowre="^$PROG_PID +getpids +[0-9]+\$" rowlen=31 <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
PID    COMM               COUNT
ROW

Detaching...
X
on_getpids -P -L
skeleton "$T/syscount.out" rowre="^$PROG_PID +getpids +[0-9]+ +[0-9]+[.][0-9][0-9][0-9]\$" rowlen=48 <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
PID    COMM               COUNT        TIME (us)
ROW

Detaching...
X
on_getpids -x
skeleton "$T/syscount.out" <<'X'
Tracing failed syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT

Detaching...
X
on_getpids --syscall getpid
skeleton "$T/syscount.out" <<X
Tracing syscall 'getpid'... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT
$getpid_row

Detaching...
X
on_getpids -j
skeleton "$T/syscount.out" jsonkey=syscall <<'X'
{"time": "HH:MM:SS", "syscall": "S", "count": N}
X
grep -q '"syscall": "getpid", "count": 4321}$' "$T/syscount.out" || fail "-j: no getpid row of 4321"
skeleton "$T/syscount.err" <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
SYSCALL                   COUNT

Detaching...
X
on_getpids -j -P -L -m
skeleton "$T/syscount.out" <<'X'
{"time": "HH:MM:SS", "pid": N, "comm": "getpids", "count": N, "time_ms": N}
X
skeleton "$T/syscount.err" <<'X'
Tracing syscalls, printing top 10... Ctrl+C to quit.
[HH:MM:SS]
PID    COMM               COUNT        TIME (ms)

Detaching...
X
# No getpid while the program waits at its gate: empty summaries, each its
# own block, the last at -d.
gated_start "$TESTBIN/getpids" 1
start_tool syscount --syscall getpid -i 0.2 -d 1 -p "$PROG_PID"
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "syscount -i 0.2 -d 1 exited $TOOL_RC"
skeleton "$T/syscount.out" sect='^[[]HH:MM:SS[]]$' <<'X'
Tracing syscall 'getpid'... Ctrl+C to quit.
SECTION
SYSCALL                   COUNT

SECTION
SYSCALL                   COUNT

Detaching...
X
[ "$(grep -c '^\[' "$T/syscount.out")" -ge 4 ] || fail "-i 0.2 -d 1: fewer than 4 summaries"
"$BPFKIT" syscount -l >"$T/list.out" || fail "syscount -l"
[ "$(head -n 1 "$T/list.out")" = "$(printf '%-22s   %-22s   %-22s   %-22s' _sysctl accept accept4 access)" ] ||
	[ "$(uname -m)" != x86_64 ] || fail "syscount -l: first line $(head -n 1 "$T/list.out")"
echo "ok: syscount"

# vfsstat needs fentry or kprobes (the VM tier): a line per second, the
# header once; -j: an object per line, the header on stderr.
if "$BPFKIT" vfsstat --ebpf >/dev/null 2>&1; then
	hdr=$(printf '%-8s  ' TIME; for c in READ WRITE FSYNC OPEN CREATE UNLINK MKDIR RMDIR; do printf ' %8s' "$c/s"; done)
	runs vfsstat 0.5 2
	skeleton "$T/vfsstat.out" rowre='^HH:MM:SS:  ( +[0-9]+)+$' rowlen=82 <<X
$hdr
ROW
X
	[ "$(grep -c '^[0-9]' "$T/vfsstat.out")" -eq 2 ] || fail "vfsstat 0.5 2: not two lines"
	runs vfsstat -j 0.5 1
	skeleton "$T/vfsstat.out" <<'X'
{"time": "HH:MM:SS", "read_per_s": N, "write_per_s": N, "fsync_per_s": N, "open_per_s": N, "create_per_s": N, "unlink_per_s": N, "mkdir_per_s": N, "rmdir_per_s": N}
X
	skeleton "$T/vfsstat.err" <<X
$hdr
X
	echo "ok: vfsstat"
else
	echo "ok: vfsstat has no mechanism here (fentry or kprobes: the VM tier)"
fi

# llcstat needs a hardware PMU, which neither this host nor the VM tier
# has: live.llcstat checks its refusal.
echo PASS
