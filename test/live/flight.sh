# --flight-recorder: a program makes 100,000 events numbered in sequence
# (trace on a uprobe of its tick(SEQ), then opensnoop on opens of numbered
# names, through core/events.c), pinned to one CPU; on SIGUSR1 the dump
# holds exactly the newest EVENTS of them, in order, with no gap, and the
# last is the newest; a second dump after more events is again the newest;
# the exit dump too; -j the same as JSON.  Bad sizes get one line.
. "$TESTLIB"

# check_dump FILE N LAST REGEX: dump N of FILE (after its "Flight recorder
# dump N:" line, up to the next) holds the sequence numbers that the
# regex's first parenthesised number gives, exactly LAST-K+1..LAST for
# K = the dump's count, which must equal the header's and be $keep.
check_dump() {
	awk -v want="$2" -v last="$3" -v keep="$keep" -v re="$4" '
		/^Flight recorder dump [0-9]+:/ { d = $4 + 0; if (d == want) { said = $5 + 0 }; next }
		d == want && match($0, re) {
			s = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); s += 0
			if (n && s != prev + 1) { printf "gap: %d after %d\n", s, prev; bad = 1 }
			if (!n) first = s
			prev = s; n++
		}
		END {
			if (said != n) { printf "header says %d events, %d printed\n", said, n; bad = 1 }
			if (n != keep) { printf "%d events, expected %d\n", n, keep; bad = 1 }
			if (prev != last) { printf "last %d, expected %d\n", prev, last; bad = 1 }
			if (first != last - keep + 1) { printf "first %d, expected %d\n", first, last - keep + 1; bad = 1 }
			exit bad
		}' "$1" >"$T/check.txt" 2>&1 || fail "dump $2 of $1: $(cat "$T/check.txt")"
}

# The stderr line of a dump: with -j it is not among the events.
wait_dump() {
	wait_for "$1" "^Flight recorder dump $2: "
}

keep=5000
gated_start "$TESTBIN/ticker" "$T/none"
start_tool trace --flight-recorder=$keep -p "$PROG_PID" "p:$TESTBIN/ticker:tick \"seq %d\", arg1"
wait_for "$T/trace.out" "^Recording the last $keep events; SIGUSR1 \\(kill -USR1 $TOOL_PID\\) or Ctrl-C prints them\\.$"
echo 100000 >&3
wait_for "$T/prog.out" '^ticked 100000$' 60
# Nothing is printed while recording.
expect_no_grep 'seq ' "$T/trace.out"
kill -USR1 "$TOOL_PID"
wait_for "$T/trace.out" ' seq 100000$' 60
check_dump "$T/trace.out" 1 100000 'seq [0-9]+$'
echo "ok: trace, 100,000 events: the dump holds 95001..100000 in order"

echo 20000 >&3
wait_for "$T/prog.out" '^ticked 120000$' 60
kill -USR1 "$TOOL_PID"
wait_for "$T/trace.out" ' seq 120000$' 60
check_dump "$T/trace.out" 2 120000 'seq [0-9]+$'
echo "ok: second dump after 20,000 more: 115001..120000"

# Fewer than the rings hold since: the exit dump goes back across the
# second dump, whose pause lost nothing (no events came in it).
echo 3000 >&3
wait_for "$T/prog.out" '^ticked 123000$' 60
stop_tool
check_dump "$T/trace.out" 3 123000 'seq [0-9]+$'
echo "ok: exit dump: 118001..123000"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null

# opensnoop, through the event runner, as JSON: 30,000 opens of numbered
# names, the last 1000 in the dump.
keep=1000
gated_start "$TESTBIN/ticker" "$T/none"
start_tool opensnoop -j --flight-recorder=$keep -p "$PROG_PID"
wait_for "$T/opensnoop.err" "^Recording the last $keep events; "
echo open:30000 >&3
wait_for "$T/prog.out" '^ticked 30000$' 60
kill -USR1 "$TOOL_PID"
wait_dump "$T/opensnoop.err" 1
wait_for "$T/opensnoop.out" '"path": "[^"]*/none/f-30000"' 60
# The dump's header line is on stderr: put it before the events for the check.
{ grep '^Flight recorder dump 1:' "$T/opensnoop.err"; cat "$T/opensnoop.out"; } >"$T/os1.txt"
n=$(grep -vc '^{"pid": '"$PROG_PID"', "comm": "ticker", "fd": -1, "err": 2, "path": "' "$T/opensnoop.out")
[ "$n" -eq 0 ] || fail "$n lines of the dump are not opensnoop's JSON objects"
check_dump "$T/os1.txt" 1 30000 'f-[0-9]+"'
stop_tool
echo "ok: opensnoop -j: the last 1000 of 30,000 opens, in order"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null

expect_bad_input "--flight-recorder=0" "$BPFKIT" opensnoop --flight-recorder=0
expect_bad_input "--flight-recorder=2000000" "$BPFKIT" trace --flight-recorder=2000000 't:syscalls:sys_enter_openat'
expect_bad_input "-b 3 with the recorder" "$BPFKIT" opensnoop -b 3 --flight-recorder
expect_bad_input "with counting" "$BPFKIT" tcpconnect -c --flight-recorder
"$BPFKIT" runqlat --flight-recorder >"$T/bad.out" 2>&1 && fail "runqlat took --flight-recorder"
expect_grep "unrecognized option '--flight-recorder'" "$T/bad.out"
echo "ok: runqlat does not take --flight-recorder"
