# funcslower on user functions of test/progs/functimer, which sleeps known
# times once poked (after the tool's header): exactly the calls above the
# threshold are shown, each with its return value (nap returns MS * 2) and
# with -a its arguments (MS, 7); several functions, -u, -t, -U user stacks,
# -f folded stacks, -j; kernel functions where the kernel has no kprobes,
# and bad input, are refused in one line.  Each functimer ends with a long
# doze that is not traced, so it is alive while its stacks are read.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/functimer.sh"

HDR='^(TIME +)?COMM +PID +LAT\((ms|us)\) +RVAL FUNC( ARGS)?$'
# slow STEPS -- ARGS...: funcslower ARGS (-p and the patterns last) on a
# functimer running STEPS then doze:1:3000; stops the tool once LINES
# (the caller's $want) rows matching $row are out.
slow() {
	_steps=$1
	shift 2
	# shellcheck disable=SC2086 # the steps as words
	gated_start "$P" $_steps doze:1:3000
	start_tool funcslower -p "$PROG_PID" "$@"
	wait_for "$T/funcslower.out" "$HDR" 30
	poke
	# The events come out in order: a fast call shown by mistake would
	# be out before the last slow one.
	wait_for_lines "$T/funcslower.out" "$row" "$want" 30
	stop_tool
	kill "$PROG_PID" 2>/dev/null
	wait "$PROG_PID" 2>/dev/null
}
rows() { # FILE REGEX: the number of lines matching
	grep -Ec -- "$2" "$1"
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
	[ "$(rows "$T/funcslower.out" "$row")" -eq 3 ] || fail "expected 3 slow naps"
	[ "$(rows "$T/funcslower.out" '^functimer ')" -eq 3 ] || fail "a fast nap was shown: $(cat "$T/funcslower.out")"
	expect_grep "^functimer      $PROG_PID +[0-9]+\.[0-9]{2} +50 " "$T/funcslower.out"
	# Each latency is at least the 40 ms slept.
	awk '/^functimer / && $3 < 40 { exit 1 }' "$T/funcslower.out" || fail "a latency under 40 ms"
	echo "ok: 3 of 7 naps above 20 ms, with RVAL and args (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# Two functions (two patterns), -u with a fraction, no -a: naps of 30 ms
# (RVAL 3c) and dozes of 30 ms (RVAL whatever doze left in rax), not the
# 1 ms ones; the trailing space after FUNC is BCC's.
row="^functimer +[0-9]+ +[0-9]+\.[0-9]{2} +[0-9a-f]+ $P:(nap|doze) \$"
want=4
slow "nap:2:1 doze:2:1 nap:2:30 doze:2:30" -- -u 20000.5 "$P:nap" "$P:doze"
expect_grep '^Tracing function calls slower than 20000\.5 us\.\.\. Ctrl\+C to quit\.$' "$T/funcslower.out"
expect_grep '^COMM           PID    LAT\(us\)             RVAL FUNC$' "$T/funcslower.out"
[ "$(rows "$T/funcslower.out" " +3c $P:nap \$")" -eq 2 ] || fail "expected 2 slow naps"
[ "$(rows "$T/funcslower.out" " $P:doze \$")" -eq 2 ] || fail "expected 2 slow dozes"
[ "$(rows "$T/funcslower.out" '^functimer ')" -eq 4 ] || fail "a fast call was shown"
awk '/^functimer / && $3 < 30000 { exit 1 }' "$T/funcslower.out" || fail "a latency under 30000 us"
echo "ok: two functions, -u 20000.5: the 4 slow calls"

# -t: seconds since the first call's start, the first 0.000000; the one
# regex pattern for both functions.
row="^[0-9]+\.[0-9]{6} +functimer +[0-9]+ +[0-9]+\.[0-9]{2} +[0-9a-f]+ $P:(nap|doze) \$"
want=2
slow "nap:1:30 doze:1:30" -- -t -m 20 -r "$P:(nap|doze)"
expect_grep '^TIME       COMM           PID    LAT\(ms\)             RVAL FUNC$' "$T/funcslower.out"
expect_grep "^0\.000000   functimer +$PROG_PID +[0-9.]+ +3c $P:nap \$" "$T/funcslower.out"
expect_grep "^0\.[0-9]{6} +functimer +$PROG_PID +[0-9.]+ +[0-9a-f]+ $P:doze \$" "$T/funcslower.out"
# doze started after nap's 30 ms.
awk '/:doze $/ && $1 < 0.03 { exit 1 }' "$T/funcslower.out" || fail "doze's time is under 0.03 s"
echo "ok: -t and a regex"

# -U: the user stack under the row, nap's caller first (a uretprobe sees
# the return address), four spaces in, as BCC prints it.
row="^functimer +[0-9]+ +[0-9.]+ +50 $P:nap \$"
want=1
slow "nap:2:2 nap:1:40" -- -U -m 20 "$P:nap"
awk -v f=" $P:nap " 'seen { print; exit } index($0, f) { seen = 1 }' "$T/funcslower.out" >"$T/first"
expect_grep '^    main$' "$T/first"
echo "ok: -U: main called nap"

# -f -U: one folded line per slow call, outermost first, nap's caller last.
gated_start "$P" nap:2:2 nap:2:40 doze:1:3000
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
gated_start "$P" nap:2:2 nap:1:40 doze:1:3000
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
