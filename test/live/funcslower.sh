# funcslower on user functions of test/progs/functimer, which sleeps known
# times once poked (after the tool's header): exactly the calls above the
# threshold are shown, each with its return value (nap returns MS * 2) and
# with -a its arguments (MS, 7); several functions, -u, -t, -U user stacks,
# -f folded stacks, -j; kernel functions where the kernel has no kprobes,
# and bad input, are refused in one line.  Each functimer ends with a long
# doze that is not traced, so it is alive while its stacks are read.
# A fast call can be slow on a loaded machine (a 1 ms doze took 20 ms
# here under load 8, a process's first uprobe hit 200 ms in an emulated
# guest): functimer's own time of each call, which holds the time between
# the probes, says which of the fast ones may be shown; a call asked to
# sleep the threshold or more must be.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/functimer.sh"

HDR='^(TIME +)?COMM +PID +LAT\((ms|us)\) +RVAL FUNC( ARGS)?$'
# slow STEPS -- ARGS...: funcslower ARGS (-p and the patterns last) on a
# functimer running STEPS then doze:1:1000; stops the tool once LINES
# (the caller's $want) rows matching $row are out.
slow() {
	_steps=$1
	shift 2
	_calls=$(echo "$_steps doze:1:1000" | tr ' ' '\n' | awk -F: '{ n += $2 } END { print n }')
	# shellcheck disable=SC2086 # the steps as words
	gated_start "$P" $_steps doze:1:1000
	start_tool funcslower -p "$PROG_PID" "$@"
	wait_for "$T/funcslower.out" "$HDR" 30
	poke
	wait_for_lines "$T/funcslower.out" "$row" "$want" 30
	# functimer's times are out when it ends (a buffered file), after
	# its last doze, which funcslower sees end when it traces doze.
	wait "$PROG_PID"
	[ "$(grep -Ec '^(nap|doze) ' "$T/prog.out")" -eq "$_calls" ] || fail "functimer did not time its $_calls calls"
	case "$*" in *doze*) wait_for "$T/funcslower.out" ':doze 0x3e8$' 10 ;; esac
	stop_tool
}
# calls STEPS THRESHOLD_MS TRACED: the rows of $T/funcslower.out are the calls
# of STEPS (nap's by its RVAL, MS * 2; doze's by its first argument, -a)
# that must be shown, and at most those fast ones functimer timed at the
# threshold or more, each as often as it was made; of the functions
# TRACED (a regex), and slow() ends STEPS with its doze.
calls() {
	echo "$1 doze:1:1000" | tr ' ' '\n' | awk -F: -v thr="$2" -v traced="^($3)\$" -v prog="$T/prog.out" -v out="$T/funcslower.out" '
		function hex(s,   v, i, c) {
			v = 0
			for (i = 3; i <= length(s); i++) {
				c = index("0123456789abcdef", substr(s, i, 1)) - 1
				v = v * 16 + c
			}
			return v
		}
		NF == 3 { for (k = 0; k < $2; k++) want[++n] = $1 " " $3 }
		END {
			while ((getline l < prog) > 0) {
				split(l, f, " ")
				if (f[1] != "nap" && f[1] != "doze")
					continue
				key = want[++i]
				split(key, w, " ")
				if (w[1] !~ traced)
					continue
				if (w[2] >= thr)
					lo[key]++
				else if (f[2] >= thr * 1e6)
					hi[key]++
				known[key] = 1
			}
			while ((getline l < out) > 0) {
				nf = split(l, f, " ")
				for (j = 2; j <= nf; j++)
					if (f[j] ~ /:(nap|doze)$/)
						break
				if (j > nf)
					continue
				if (f[j] ~ /:nap$/)
					key = "nap " hex("0x" f[j - 1]) / 2
				else
					key = "doze " hex(f[j + 1])
				if (!(key in known)) {
					print "a row of no call: " l
					bad = 1
				}
				got[key]++
			}
			for (key in known) {
				if (got[key] < lo[key] || got[key] > lo[key] + hi[key]) {
					printf "%s: %d rows, expected %d to %d\n", key, got[key], lo[key], lo[key] + hi[key]
					bad = 1
				}
			}
			exit bad
		}' || fail "the rows are not the slow calls: $(cat "$T/funcslower.out")"
}

# The threshold: 4 naps of 2 ms under -m 20, 3 of 40 ms over it; RVAL
# 0x50 (40 * 2); -a 2: 0x28 0x7.  BCC's status line and header.
for off in "" uprobe_multi; do
	export BPFKIT_DISABLE="$off"
	row="^functimer +[0-9]+ +[0-9]+\.[0-9]{2} +50 $P:nap 0x28 0x7\$"
	want=3
	slow "nap:4:2 nap:3:40" -- -m 20 -a 2 "$P:nap"
	expect_grep '^Tracing function calls slower than 20 ms\.\.\. Ctrl\+C to quit\.$' "$T/funcslower.out"
	expect_grep '^COMM           PID    LAT\(ms\)             RVAL FUNC ARGS$' "$T/funcslower.out"
	expect_grep "^functimer      $PROG_PID +[0-9]+\.[0-9]{2} +50 " "$T/funcslower.out"
	calls "nap:4:2 nap:3:40" 20 nap
	# Each slow one's latency is at least the 40 ms slept.
	awk '$4 == "50" && $3 < 40 { exit 1 }' "$T/funcslower.out" || fail "a latency under 40 ms"
	echo "ok: the 3 of 7 naps above 20 ms, with RVAL and args (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# Without BPF cookies (before 5.15) two uprobes cannot be told apart:
# that is refused, in one line.
cookies=$("$BPFKIT" features | awk '$1 == "cookies" { print $2 }')
if [ "$cookies" = no ]; then
	expect_bad_input "two user functions without cookies" "$BPFKIT" funcslower "$P:nap" "$P:doze"
	expect_grep 'cannot tell 2 user functions apart' "$T/bad.err"
else
	# Two functions (two patterns), -u with a fraction, -a 1: naps of 30 ms
	# (RVAL 3c) and dozes of 30 ms (RVAL whatever doze left in rax), not the
	# 1 ms ones.
	row="^functimer +[0-9]+ +[0-9]+\.[0-9]{2} +[0-9a-f]+ $P:(nap|doze) 0x1e\$"
	want=4
	slow "nap:2:1 doze:2:1 nap:2:30 doze:2:30" -- -a 1 -u 20000.5 "$P:nap" "$P:doze"
	expect_grep '^Tracing function calls slower than 20000\.5 us\.\.\. Ctrl\+C to quit\.$' "$T/funcslower.out"
	expect_grep '^COMM           PID    LAT\(us\)             RVAL FUNC ARGS$' "$T/funcslower.out"
	[ "$(grep -Ec " +3c $P:nap 0x1e\$" "$T/funcslower.out")" -eq 2 ] || fail "expected 2 slow naps"
	calls "nap:2:1 doze:2:1 nap:2:30 doze:2:30" 20.0005 "nap|doze"
	awk '/ 0x1e$/ && $3 < 30000 { exit 1 }' "$T/funcslower.out" || fail "a latency under 30000 us"
	echo "ok: two functions, -u 20000.5: the 4 slow calls"

	# -t: seconds since the first call's start, the first 0.000000; the one
	# regex pattern for both functions.
	row="^[0-9]+\.[0-9]{6} +functimer +[0-9]+ +[0-9]+\.[0-9]{2} +[0-9a-f]+ $P:(nap|doze) 0x1e\$"
	want=2
	slow "nap:1:30 doze:1:30" -- -t -a 1 -m 20 -r "$P:(nap|doze)"
	expect_grep '^TIME       COMM           PID    LAT\(ms\)             RVAL FUNC ARGS$' "$T/funcslower.out"
	expect_grep "^0\.000000   functimer      $PROG_PID +[0-9.]+ +3c $P:nap 0x1e\$" "$T/funcslower.out"
	calls "nap:1:30 doze:1:30" 20 "nap|doze"
	# doze started after nap's 30 ms.
	awk '/:nap 0x1e$/ { n = $1 } /:doze 0x1e$/ { d = $1 } END { exit !(d - n >= 0.03) }' "$T/funcslower.out" ||
		fail "doze's time is not 0.03 s after nap's: $(cat "$T/funcslower.out")"
	echo "ok: -t and a regex"
fi

# -U: the user stack under the row, nap's caller first (a uretprobe sees
# the return address), four spaces in, as BCC prints it.  No -a: BCC's
# trailing space after FUNC.
row="^functimer +[0-9]+ +[0-9.]+ +50 $P:nap \$"
want=1
slow "nap:2:2 nap:1:40" -- -U -m 20 "$P:nap"
expect_grep '^COMM           PID    LAT\(ms\)             RVAL FUNC$' "$T/funcslower.out"
calls "nap:2:2 nap:1:40" 20 nap
awk -v f=" $P:nap " 'seen { print; exit } index($0, f) { seen = 1 }' "$T/funcslower.out" >"$T/first"
expect_grep '^    main$' "$T/first"
echo "ok: -U: main called nap"

# -f -U: one folded line per slow call, outermost first, nap's caller last.
gated_start "$P" nap:2:40 doze:1:1000
start_tool funcslower -f -U -m 20 -p "$PROG_PID" "$P:nap"
wait_for "$T/funcslower.err" "$HDR" 30
poke
wait_for_lines "$T/funcslower.out" '^functimer;.*;main 1$' 2 30
stop_tool
kill "$PROG_PID" 2>/dev/null
wait "$PROG_PID" 2>/dev/null
[ "$(wc -l <"$T/funcslower.out")" -eq 2 ] || fail "-f: expected 2 lines, got $(cat "$T/funcslower.out")"
expect_grep '^Tracing function calls slower than 20 ms' "$T/funcslower.err"
echo "ok: -f: 2 folded stacks"

# -j: one object per slow call, the header on stderr.
gated_start "$P" nap:1:40 doze:1:1000
start_tool funcslower -j -a 1 -m 20 -p "$PROG_PID" "$P:nap"
wait_for "$T/funcslower.err" "$HDR" 30
poke
wait_for "$T/funcslower.out" '"func"' 30
stop_tool
kill "$PROG_PID" 2>/dev/null
wait "$PROG_PID" 2>/dev/null
expect_grep "^\{\"comm\": \"functimer\", \"pid\": $PROG_PID, \"lat_ms\": [0-9.]+, \"rval\": 80, \"func\": \"$P:nap\", \"args\": \[\"0x28\"\]\}\$" "$T/funcslower.out"
[ "$(wc -l <"$T/funcslower.out")" -eq 1 ] || fail "-j: expected 1 line"
echo "ok: -j"

# Bad input: one line, nothing traced (no status line or header: a
# refused kernel function after an attached user one detaches that too,
# and the process's exit drops whatever it held).
bad() {
	expect_bad_input "$@"
	[ ! -s "$T/bad.out" ] || fail "$1: printed $(cat "$T/bad.out")"
}
if "$BPFKIT" features | grep -Eq '^kprobes +no'; then
	bad "a kernel function without kprobes" "$BPFKIT" funcslower vfs_read
	expect_grep '^funcslower: cannot attach kprobe vfs_read: kprobes: ' "$T/bad.err"
	bad "a user and a kernel function without kprobes" "$BPFKIT" funcslower "$P:nap" vfs_read
fi
bad "no function" "$BPFKIT" funcslower
bad "unknown function" "$BPFKIT" funcslower "$P:no_such_function"
expect_grep "no function matches 'no_such_function' in " "$T/bad.err"
bad "unknown library" "$BPFKIT" funcslower no_such_lib_x:read
bad "a tracepoint" "$BPFKIT" funcslower "$P:nap" t:sched:sched_switch
expect_grep "'t:sched:sched_switch' is a tracepoint: funcslower times functions" "$T/bad.err"
bad "-m 0" "$BPFKIT" funcslower -m 0 "$P:nap"
bad "-u abc" "$BPFKIT" funcslower -u abc "$P:nap"
bad "-a 7" "$BPFKIT" funcslower -a 7 "$P:nap"
bad "-f without stacks" "$BPFKIT" funcslower -f "$P:nap"
bad "-f with -j" "$BPFKIT" funcslower -f -j -U "$P:nap"
bad "bad PID" "$BPFKIT" funcslower -p 2147483646 "$P:nap"
