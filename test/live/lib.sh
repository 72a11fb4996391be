# Helpers for live tests (POSIX sh: they also run under busybox in the VM).
# Each test sources this file; BPFKIT and TESTBIN come from the environment.
set -u
: "${BPFKIT:?BPFKIT must point at the bpfkit binary}"
: "${TESTBIN:?TESTBIN must point at the test programs}"

T=$(mktemp -d /tmp/bpfkit-test.XXXXXX)
BG_PIDS=""
# Teardown of what helpers made (a loop device, a network namespace): each
# adds its function with at_exit, run last-added first, before the test's
# own processes are killed and its directory removed.
CLEANUP_HOOKS=""
at_exit() {
	CLEANUP_HOOKS="$1 $CLEANUP_HOOKS"
	# A shell killed by a signal skips its EXIT trap: leave by exit.
	trap 'exit 1' HUP INT TERM PIPE
}
cleanup() {
	for _h in $CLEANUP_HOOKS; do "$_h"; done
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*" >&2
	for f in "$T"/*.out "$T"/*.err; do
		# The end only: a tool still running may be growing it as fast
		# as it is read.
		[ -f "$f" ] && { echo "--- $f (last 200 lines)" >&2; tail -n 200 "$f" >&2; }
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

# wait_idle SECONDS: until nothing but the reader is runnable (the fourth
# field of /proc/loadavg), or SECONDS pass; for tests whose facts need an
# otherwise idle CPU. Never fails: the test's own assertion says what it saw.
wait_idle() {
	_deadline=$(( $(date +%s) + $1 ))
	while [ "$(date +%s)" -lt "$_deadline" ]; do
		read -r _a _b _c _run _rest </proc/loadavg
		[ "${_run%/*}" -gt 1 ] || return 0
		sleep 0.1
	done
}

# wait_for_lines FILE REGEX COUNT [SECONDS]: until COUNT lines of FILE match.
wait_for_lines() {
	_deadline=$(( $(date +%s) + ${4:-20} ))
	# -m: a file a busy tool grows faster than grep reads it to the end
	# (busybox grep under emulation) would keep a plain count going.
	while [ "$(grep -Ec -m "$3" "$2" "$1" 2>/dev/null)" -lt "$3" ]; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "timed out waiting for $3 lines /$2/ in $1"
		if [ -n "${TOOL_PID:-}" ] && ! alive "$TOOL_PID"; then
			[ "$(grep -Ec -m "$3" "$2" "$1" 2>/dev/null)" -ge "$3" ] || fail "the tool exited before $3 lines /$2/ in $1"
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
	# A tool that does not end on SIGINT is a failure of its own, not a
	# test left hanging until the runner kills it unexplained.
	_deadline=$(( $(date +%s) + 30 ))
	while alive "$TOOL_PID"; do
		if [ "$(date +%s)" -ge "$_deadline" ]; then
			_stack=$(cat "/proc/$TOOL_PID/stack" 2>/dev/null | head -5 | tr '\n' ' ')
			_wchan=$(cat "/proc/$TOOL_PID/wchan" 2>/dev/null)
			kill -9 "$TOOL_PID" 2>/dev/null
			wait "$TOOL_PID" 2>/dev/null
			TOOL_PID=
			fail "the tool did not end within 30 s of SIGINT (in ${_wchan:-?}: $_stack)"
		fi
		sleep 0.05
	done
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

# metrics_port FILE: the port a --prometheus tool's ready line in FILE
# names (127.0.0.1:0 lets it pick one).
metrics_port() {
	sed -n 's|^Serving metrics on http://127\.0\.0\.1:\([0-9]*\)/metrics.*|\1|p' "$1"
}
# scrape_until PORT FILE SECONDS GREP-ARGS...: http://127.0.0.1:PORT/metrics
# into FILE (curl, or busybox's wget in the guests) until grep GREP-ARGS
# finds its line there, failing after SECONDS.
scrape_until() {
	_port=$1 _out=$2 _deadline=$(( $(date +%s) + $3 ))
	shift 3
	until { if command -v curl >/dev/null; then curl -sf "http://127.0.0.1:$_port/metrics"; else
		wget -q -O - "http://127.0.0.1:$_port/metrics"; fi; } >"$_out" && grep -q "$@" "$_out"; do
		[ "$(date +%s)" -lt "$_deadline" ] || fail "scrapes of port $_port: no '$*' in time: $(grep -v '^#' "$_out")"
		sleep 0.2
	done
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
	# Bounded: input the tool should refuse but takes would run on.
	timeout -s KILL 120 "$@" >"$T/bad.out" 2>"$T/bad.err"
	_rc=$?
	[ "$_rc" -ne 0 ] || fail "$_desc: exit status 0"
	# The shell reports a crash as one line of its own: not a refusal.
	[ "$_rc" -lt 128 ] || fail "$_desc: killed by signal $((_rc - 128)): $(cat "$T/bad.err")"
	_lines=$(wc -l <"$T/bad.err")
	[ "$_lines" -eq 1 ] || fail "$_desc: expected one line on stderr, got $_lines: $(cat "$T/bad.err")"
	echo "ok: $_desc -> $(cat "$T/bad.err")"
}

# loop_mount [MB [OPTIONS]]: a loop device on a file of MB (default 64)
# megabytes with a fresh ext4 on it, mounted with OPTIONS (mount -o; default
# lazytime,noatime) on $LOOP_DIR; the device in $LOOP_DEV and its name
# (loop3) in $LOOP_NAME.  Torn down (unmounted, detached, file removed) at
# exit, even on failure.  ext4 is made with its inode tables and journal
# written at once, and by default mounted lazytime, so that after a sync the
# only I/O on it is what a test does (no lazy init thread, no journal
# commit for a time stamp).
LOOP_DEV=""
LOOP_DIR=""
loop_cleanup() {
	# What the test started may still hold the mount: gone first.
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null; done
	for p in $BG_PIDS; do wait "$p" 2>/dev/null; done
	[ -n "$LOOP_DIR" ] && { umount "$LOOP_DIR" 2>/dev/null || umount -l "$LOOP_DIR"; }
	[ -n "$LOOP_DEV" ] && losetup -d "$LOOP_DEV" 2>/dev/null
	LOOP_DEV="" LOOP_DIR=""
}
loop_mount() {
	at_exit loop_cleanup
	truncate -s "${1:-64}M" "$T/disk.img" || fail "truncate"
	LOOP_DEV=$(losetup -f --show "$T/disk.img") || fail "losetup -f --show failed: no loop device"
	LOOP_NAME=${LOOP_DEV#/dev/}
	mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 "$LOOP_DEV" >"$T/mkfs.log" 2>&1 ||
		fail "mkfs.ext4 $LOOP_DEV: $(cat "$T/mkfs.log")"
	mkdir "$T/mnt"
	mount -o "${2:-lazytime,noatime}" "$LOOP_DEV" "$T/mnt" || fail "mount -o ${2:-lazytime,noatime} $LOOP_DEV"
	LOOP_DIR=$T/mnt
}

# What the block tools' chains (core/disks.h) choose here for a request's
# start and end, in --verbose's words: the block_io_start and block_io_done
# tracepoints where the kernel has them (6.5 and later), else
# block_bio_queue and block_rq_complete (no kprobes or fentry here).
if grep -q btf_trace_block_io_start /sys/kernel/btf/vmlinux 2>/dev/null; then
	BLOCK_START="tp_btf block_io_start" BLOCK_DONE="tp_btf block_io_done"
else
	BLOCK_START="tp_btf block_bio_queue" BLOCK_DONE="tp_btf block_rq_complete"
fi

# gated_ready PROG ARGS...: gated_start, then until the program prints
# "ready" (its own preparation done, test/progs/directio), before any tool
# runs: a tool that ended before is not waited for.
gated_ready() {
	TOOL_PID=""
	gated_start "$@"
	wait_for "$T/prog.out" '^ready$'
}

# other_disk: a block device of this kernel that is not $LOOP_NAME (a -d
# that must leave the test's I/O out).
other_disk() {
	for _d in $(ls /sys/class/block); do
		[ "$_d" != "$LOOP_NAME" ] && { echo "$_d"; return 0; }
	done
	fail "no block device besides $LOOP_NAME"
}
