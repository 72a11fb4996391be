# The stack tools' output, byte for byte: the status line (and the stream
# it goes to), the layout of each stack in text, folded and -j, and the
# lines around them, on workloads the test controls.  Each line of an
# output gets a letter for what it is (exact lines where the test knows
# them, BCC's formats as regular expressions where it cannot: frames,
# counts, other processes); the letters must spell the layout.
. "$TESTLIB"

# layout FILE REGEX AWK: the letters AWK gives FILE's lines match REGEX.
layout() {
	_got=$(awk "$3" "$1" | tr -d '\n')
	echo "$_got" | grep -Eq "$2" || fail "$1: lines are '$_got', expected /$2/"
}
# only FILE REGEX: every line of FILE matches REGEX (and there is one).
only() {
	[ -s "$1" ] || fail "$1 is empty"
	! grep -Evq -- "$2" "$1" || fail "$1: a line not /$2/: $(grep -Ev -- "$2" "$1" | head -n 1)"
}
# exactly FILE LINE: FILE is that one line.
exactly() {
	[ "$(cat "$1")" = "$2" ] && [ "$(wc -l <"$1")" -eq 1 ] || fail "$1 is not '$2': $(cat "$1")"
}
# Letters: E empty, S the status line, N a count, F a frame.
FRAME='/^    [^ ]/ { printf "F"; next }'
COMMON='$0 == "" { printf "E"; next } $0 == ENVIRON["S"] { printf "S"; next }'
NAMES='"[^"]*"(, "[^"]*")*'
LIST="(null|\\[($NAMES)?\\])"

# profile: "    -                comm (pid)" under the frames, then the count.
gated_start "$TESTBIN/spinner" 400
export S="Sampling at 199 Hertz of PID [$PROG_PID] by user + kernel stack... Hit Ctrl-C to end."
export C="$(printf '    %-16s %s (%u)' - spinner "$PROG_PID")"
start_tool profile -F 199 -p "$PROG_PID"
wait_for "$T/profile.out" '^Sampling'
poke
wait "$PROG_PID"
stop_tool
layout "$T/profile.out" '^SE(F*CNE)+$' "$COMMON"'$0 == ENVIRON["C"] { printf "C"; next } /^        [0-9]+$/ { printf "N"; next } '"$FRAME"' { printf "?" }'
[ ! -s "$T/profile.err" ] || fail "profile: stderr: $(cat "$T/profile.err")"
gated_start "$TESTBIN/spinner" 300
export S="Sampling at 199 Hertz of PID [$PROG_PID] by user stack for 30 secs."
start_tool profile -f -U -F 199 -p "$PROG_PID" 30
wait_for "$T/profile.err" '^Sampling'
poke
wait "$PROG_PID"
stop_tool
only "$T/profile.out" '^spinner(;[^ ;]+)* [0-9]+$'
exactly "$T/profile.err" "$S"
gated_start "$TESTBIN/spinner" 300
start_tool profile -j -F 199 -p "$PROG_PID"
wait_for "$T/profile.err" '^Sampling'
poke
wait "$PROG_PID"
stop_tool
only "$T/profile.out" "^\\{\"comm\": \"spinner\", \"pid\": $PROG_PID, \"count\": [0-9]+, \"user_stack\": $LIST, \"kernel_stack\": $LIST\\}\$"
expect_grep '"user_stack": \["spin_here", "main"' "$T/profile.out"
exactly "$T/profile.err" "Sampling at 199 Hertz of PID [$PROG_PID] by user + kernel stack... Hit Ctrl-C to end."
echo "ok: profile"

# offcputime: the same layout, counts in microseconds; -d's "--" between
# the kernel and the user frames.
gated_start "$TESTBIN/sleeper" 3 20
export S="Tracing off-CPU time (us) of PIDs $PROG_PID by user + kernel stack... Hit Ctrl-C to end."
export C="$(printf '    %-16s %s (%u)' - sleeper "$PROG_PID")"
start_tool offcputime -d -p "$PROG_PID"
wait_for "$T/offcputime.out" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
layout "$T/offcputime.out" '^SE(F*(DF+)?CNE)+$' "$COMMON"'$0 == ENVIRON["C"] { printf "C"; next } $0 == "    --" { printf "D"; next } /^        [0-9]+$/ { printf "N"; next } '"$FRAME"' { printf "?" }'
expect_grep '^    --$' "$T/offcputime.out"
[ ! -s "$T/offcputime.err" ] || fail "offcputime: stderr: $(cat "$T/offcputime.err")"
gated_start "$TESTBIN/sleeper" 3 20
start_tool offcputime -f -K -p "$PROG_PID" 30
wait_for "$T/offcputime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/offcputime.out" '^sleeper(;[^ ;]+)+ [0-9]+$'
exactly "$T/offcputime.err" "Tracing off-CPU time (us) of PIDs $PROG_PID by kernel stack for 30 secs."
gated_start "$TESTBIN/sleeper" 3 20
start_tool offcputime -j -U -p "$PROG_PID"
wait_for "$T/offcputime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/offcputime.out" "^\\{\"comm\": \"sleeper\", \"pid\": $PROG_PID, \"count\": [0-9]+, \"user_stack\": $LIST\\}\$"
exactly "$T/offcputime.err" "Tracing off-CPU time (us) of PIDs $PROG_PID by user stack... Hit Ctrl-C to end."
echo "ok: offcputime"

# offwaketime: the waker's stacks outermost first, "--", the target's; the
# blocked task and its waker by name and PID.  System wide: other tasks'
# stacks are there too, in the same layout.
W='/^    waker:           .* [0-9]+$/ { printf "W"; next } /^    target:          .* [0-9]+$/ { printf "T"; next }'
gated_start "$TESTBIN/waker" 2 20
export S="Tracing blocked time (us) by user + kernel off-CPU and waker stack... Hit Ctrl-C to end."
start_tool offwaketime -d
wait_for "$T/offwaketime.out" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
layout "$T/offwaketime.out" '^SE(WF*(DF*)?GF*(DF*)?TNE)+$' "$COMMON$W"'$0 == "    --               --" { printf "G"; next } $0 == "    -" { printf "D"; next } /^        [0-9]+$/ { printf "N"; next } '"$FRAME"' { printf "?" }'
expect_grep "^    waker: {11}bk_waker $PROG_PID\$" "$T/offwaketime.out"
[ ! -s "$T/offwaketime.err" ] || fail "offwaketime: stderr: $(cat "$T/offwaketime.err")"
gated_start "$TESTBIN/waker" 2 20
start_tool offwaketime -f -K 30
wait_for "$T/offwaketime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/offwaketime.out" '^[^;]+(;[^;]*)*;--(;[^;]*)* [0-9]+$'
expect_grep '^bk_sleeper;.*;--;.*;bk_waker [0-9]+$' "$T/offwaketime.out"
exactly "$T/offwaketime.err" "Tracing blocked time (us) by kernel off-CPU and waker stack for 30 secs."
gated_start "$TESTBIN/waker" 2 20
start_tool offwaketime -j
wait_for "$T/offwaketime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/offwaketime.out" "^\\{\"target\": \"[^\"]*\", \"target_pid\": [0-9]+, \"waker\": \"[^\"]*\", \"waker_pid\": [0-9]+, \"us\": [0-9]+, \"target_user_stack\": $LIST, \"target_kernel_stack\": $LIST, \"waker_kernel_stack\": $LIST, \"waker_user_stack\": $LIST\\}\$"
expect_grep "^\\{\"target\": \"bk_sleeper\", \"target_pid\": [0-9]+, \"waker\": \"bk_waker\", \"waker_pid\": $PROG_PID, " "$T/offwaketime.out"
exactly "$T/offwaketime.err" "$S"
echo "ok: offwaketime"

# wakeuptime: target, the waker's kernel stack, the waker, the count; and
# BCC's "Detaching..." at the end.
W='/^    target:          .*$/ { printf "T"; next } /^    waker:           .*$/ { printf "W"; next }'
gated_start "$TESTBIN/waker" 2 20
export S="Tracing blocked time (us) by kernel stack... Hit Ctrl-C to end."
start_tool wakeuptime
wait_for "$T/wakeuptime.out" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
layout "$T/wakeuptime.out" '^SE(TF*WNE)+X$' "$COMMON$W"'$0 == "Detaching..." { printf "X"; next } /^        [0-9]+$/ { printf "N"; next } '"$FRAME"' { printf "?" }'
expect_grep '^    target: {10}bk_sleeper$' "$T/wakeuptime.out"
[ ! -s "$T/wakeuptime.err" ] || fail "wakeuptime: stderr: $(cat "$T/wakeuptime.err")"
gated_start "$TESTBIN/waker" 2 20
start_tool wakeuptime -f 30
wait_for "$T/wakeuptime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/wakeuptime.out" '^[^;]*(;[^;]*)+ [0-9]+$'
expect_grep '^bk_waker;.*;bk_sleeper [0-9]+$' "$T/wakeuptime.out"
exactly "$T/wakeuptime.err" "Tracing blocked time (us) by kernel stack for 30 secs."
gated_start "$TESTBIN/waker" 2 20
start_tool wakeuptime -j -p "$PROG_PID"
wait_for "$T/wakeuptime.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/wakeuptime.out" "^\\{\"target\": \"[^\"]*\", \"waker\": \"[^\"]*\", \"waker_pid\": [0-9]+, \"us\": [0-9]+, \"waker_kernel_stack\": $LIST\\}\$"
exactly "$T/wakeuptime.err" "$S"
echo "ok: wakeuptime"

# stackcount: frames indented two spaces, the count four; -P's "comm [pid]";
# -T's time after the blank line; "Detaching..." at the end.  (-P shows the
# process only without -p.)
gated_start "$TESTBIN/twopaths" 3 5
export S="Tracing 1 functions for \"$TESTBIN/twopaths:leaf\"... Hit Ctrl-C to end."
export C="    twopaths [$PROG_PID]"
start_tool stackcount -T -P "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.out" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
layout "$T/stackcount.out" '^SEH(F+CNE){2}X$' "$COMMON"'$0 == ENVIRON["C"] { printf "C"; next } $0 == "Detaching..." { printf "X"; next } /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ { printf "H"; next } /^    [0-9]+$/ { printf "N"; next } /^  [^ ]/ { printf "F"; next } { printf "?" }'
[ ! -s "$T/stackcount.err" ] || fail "stackcount: stderr: $(cat "$T/stackcount.err")"
gated_start "$TESTBIN/twopaths" 3 5
start_tool stackcount -f -p "$PROG_PID" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/stackcount.out" '^twopaths(;[^ ;]+)+ [35]$'
exactly "$T/stackcount.err" "$S"
gated_start "$TESTBIN/twopaths" 3 5
start_tool stackcount -j -p "$PROG_PID" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
only "$T/stackcount.out" "^\\{\"comm\": \"twopaths\", \"pid\": $PROG_PID, \"count\": [35], \"user_stack\": \\[\"leaf\", $NAMES\\], \"kernel_stack\": \\[\\]\\}\$"
exactly "$T/stackcount.err" "$S"
echo "ok: stackcount"

# funccount: the whole output, in text and in -j.
gated_start "$TESTBIN/getpids" 17
start_tool funccount -T -p "$PROG_PID" t:syscalls:sys_enter_getpid
wait_for "$T/funccount.out" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
sed -E 's/^[0-9]{2}:[0-9]{2}:[0-9]{2} *$/HH:MM:SS/' "$T/funccount.out" >"$T/masked"
printf '%s\n' 'Tracing 1 functions for "t:syscalls:sys_enter_getpid"... Hit Ctrl-C to end.' '' HH:MM:SS \
	"$(printf '%-36s %8s' FUNC COUNT)" "$(printf '%-36s %8s' syscalls:sys_enter_getpid 17)" 'Detaching...' >"$T/want"
cmp -s "$T/masked" "$T/want" || fail "funccount: $(diff "$T/want" "$T/masked")"
[ ! -s "$T/funccount.err" ] || fail "funccount: stderr: $(cat "$T/funccount.err")"
gated_start "$TESTBIN/getpids" 17
start_tool funccount -j -p "$PROG_PID" t:syscalls:sys_enter_getpid
wait_for "$T/funccount.err" '^Tracing'
poke
wait "$PROG_PID"
stop_tool
printf '%s\n' 'Tracing 1 functions for "t:syscalls:sys_enter_getpid"... Hit Ctrl-C to end.' '' \
	"$(printf '%-36s %8s' FUNC COUNT)" 'Detaching...' >"$T/want"
cmp -s "$T/funccount.err" "$T/want" || fail "funccount -j: $(diff "$T/want" "$T/funccount.err")"
only "$T/funccount.out" '^\{"time": "[0-9:]{8}", "func": "syscalls:sys_enter_getpid", "count": 17\}$'
echo "ok: funccount"
echo PASS
