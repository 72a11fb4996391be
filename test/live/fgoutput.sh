# --flamegraph FILE is opened before tracing starts: a path that cannot be
# written fails at once (one line, nothing traced) instead of after the
# whole duration; in a world-writable sticky directory (/tmp) a planted
# symlink is not followed and another user's file is not written; a FIFO
# with no reader does not hang.  A symlink elsewhere is still followed.
. "$TESTLIB"

S="$T/sticky"
mkdir "$S"
chmod 1777 "$S"

# refused DESCRIPTION PATH TOOL ARGS...: one line, exit != 0, within 10 s
# of a 30 s run, and no tracing header.
refused() {
	_d=$1 _p=$2
	shift 2
	expect_bad_input "$_d" timeout 10 "$BPFKIT" "$@" --flamegraph "$_p" 30
	expect_no_grep 'Sampling|Tracing' "$T/bad.out"
	grep -q "cannot write flame graph $_p" "$T/bad.err" || fail "$_d: $(cat "$T/bad.err")"
}

ln -s "$T/target.svg" "$S/planted.svg"
refused "profile: symlink in a sticky directory" "$S/planted.svg" profile -U
[ ! -e "$T/target.svg" ] || fail "the planted symlink was followed"
refused "offcputime: symlink in a sticky directory" "$S/planted.svg" offcputime

refused "profile: no such directory" "$T/nonexistent/fg.svg" profile -U
refused "offcputime: no such directory" "$T/nonexistent/fg.svg" offcputime
: >"$T/plainfile"
refused "profile: a file as a directory" "$T/plainfile/fg.svg" profile -U

printf 'not ours\n' >"$S/theirs.svg"
chown 65534 "$S/theirs.svg"
refused "profile: another user's file in a sticky directory" "$S/theirs.svg" profile -U
[ "$(cat "$S/theirs.svg")" = "not ours" ] || fail "another user's file was written"

mkfifo "$T/fifo.svg"
refused "profile: a FIFO nobody reads" "$T/fifo.svg" profile -U

# stackcount parses its own options.
expect_bad_input "stackcount: no such directory" timeout 10 "$BPFKIT" stackcount -D 30 \
	--flamegraph "$T/nonexistent/fg.svg" t:sched:sched_switch
expect_no_grep 'Tracing' "$T/bad.out"

# Outside a sticky directory a symlink is the user's own: followed.  An
# older graph there is replaced whole.
mkdir "$T/mine"
printf '%0100000d\n' 0 >"$T/real.svg"
ln -s "$T/real.svg" "$T/mine/fg.svg"
gated_start "$TESTBIN/spinner" 300
start_tool profile -f -F 199 -p "$PROG_PID" --flamegraph "$T/mine/fg.svg"
wait_for "$T/profile.err" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
expect_grep '<title>spin_here \(' "$T/real.svg"
tail -n 1 "$T/real.svg" | grep -q '^</svg>$' || fail "the older, longer file's tail is left: $(tail -c 80 "$T/real.svg")"
echo "ok: a symlink outside a sticky directory is followed; the old file is replaced"
echo PASS
