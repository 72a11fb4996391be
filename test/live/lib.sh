# Helpers for live tests (POSIX sh: they also run under busybox in the VM).
# Each test sources this file; BPFKIT and TESTBIN come from the environment.
set -u
: "${BPFKIT:?BPFKIT must point at the bpfkit binary}"
: "${TESTBIN:?TESTBIN must point at the test programs}"

T=$(mktemp -d /tmp/bpfkit-test.XXXXXX)
BG_PIDS=""
cleanup() {
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/*.out "$T"/*.err; do
		[ -f "$f" ] && { echo "--- $f" >&2; cat "$f" >&2; }
	done
	exit 1
}

# alive PID: running (not gone, not a zombie waiting to be reaped).
alive() {
	_state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null)
	[ -n "$_state" ] && [ "$_state" != Z ] && [ "$_state" != X ]
}

# wait_for FILE REGEX [SECONDS]: until a line of FILE matches (a tool printed
# its header once it is attached), failing after SECONDS (default 20).
wait_for() {
	_deadline=$(( $(date +%s) + ${3:-20} ))
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "timed out waiting for /$2/ in $1"
		# A tool that already died will not print it: say so now.
		if [ -n "${TOOL_PID:-}" ] && ! alive "$TOOL_PID" && ! grep -Eq "$2" "$1" 2>/dev/null; then
			fail "the tool exited before /$2/ appeared in $1"
		fi
		sleep 0.05
	done
}

# wait_for_lines FILE REGEX COUNT [SECONDS]: until COUNT lines of FILE match.
wait_for_lines() {
	_deadline=$(( $(date +%s) + ${4:-20} ))
	while [ "$(grep -Ec "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "timed out waiting for $3 lines /$2/ in $1"
		if [ -n "${TOOL_PID:-}" ] && ! alive "$TOOL_PID"; then
			[ "$(grep -Ec "$2" "$1" 2>/dev/null)" -ge "$3" ] || fail "the tool exited before $3 lines /$2/ in $1"
		fi
		sleep 0.05
	done
}

# start_tool NAME ARGS...: run bpfkit NAME in the background, output in
# $T/NAME.out and $T/NAME.err, its PID in $TOOL_PID.
start_tool() {
	_name=$1
	shift
	# Emptied here, not by the background shell: a wait_for right after
	# must not see the previous run's lines.
	: >"$T/$_name.out"
	: >"$T/$_name.err"
	"$BPFKIT" "$_name" "$@" >>"$T/$_name.out" 2>>"$T/$_name.err" &
	TOOL_PID=$!
	BG_PIDS="$BG_PIDS $TOOL_PID"
}

# stop_tool: SIGINT, as Ctrl-C, then the exit status must be 0.
stop_tool() {
	kill -INT "$TOOL_PID" 2>/dev/null
	wait "$TOOL_PID"
	_rc=$?
	[ "$_rc" -eq 0 ] || fail "tool exited with status $_rc after SIGINT"
}

# wait_tool [SECONDS]: until the tool ends by itself (default 20 s), its
# exit status then in $TOOL_RC.
wait_tool() {
	_deadline=$(( $(date +%s) + ${1:-20} ))
	while alive "$TOOL_PID"; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "the tool did not end by itself"
		sleep 0.05
	done
	wait "$TOOL_PID"
	TOOL_RC=$?
}

# gated_start PROG ARGS...: start a test program that blocks reading stdin
# until poked, its PID in $PROG_PID; returns once the program itself (not
# the forked shell) runs, so a tracer started next sees only its calls.
gated_start() {
	exec 3>&-
	rm -f "$T/gate"
	mkfifo "$T/gate"
	exec 3<>"$T/gate" # read-write: opening does not block
	"$@" <&3 >"$T/prog.out" 2>&1 &
	PROG_PID=$!
	BG_PIDS="$BG_PIDS $PROG_PID"
	_deadline=$(( $(date +%s) + 20 ))
	until [ "$(readlink "/proc/$PROG_PID/exe" 2>/dev/null)" = "$(readlink -f "$1")" ]; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "$1 did not start"
		sleep 0.01
	done
}
poke() {
	echo go >&3
}

expect_grep() {
	grep -Eq "$1" "$2" || fail "expected /$1/ in $2"
}
expect_no_grep() {
	! grep -Eq "$1" "$2" || fail "did not expect /$1/ in $2"
}

# expect_bad_input DESCRIPTION CMD...: exit status != 0, exactly one line on
# stderr, nothing on stdout that looks like tracing started.
expect_bad_input() {
	_desc=$1
	shift
	"$@" >"$T/bad.out" 2>"$T/bad.err"
	_rc=$?
	[ "$_rc" -ne 0 ] || fail "$_desc: exit status 0"
	# The shell reports a crash as one line of its own: not a refusal.
	[ "$_rc" -lt 128 ] || fail "$_desc: killed by signal $((_rc - 128)): $(cat "$T/bad.err")"
	_lines=$(wc -l <"$T/bad.err")
	[ "$_lines" -eq 1 ] || fail "$_desc: expected one line on stderr, got $_lines: $(cat "$T/bad.err")"
	echo "ok: $_desc -> $(cat "$T/bad.err")"
}
