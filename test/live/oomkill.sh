# oomkill: a process of the test's, alone in a 32 MB memory cgroup, touches
# memory until the OOM killer kills it: the line names it as the trigger
# and the victim, with BCC's pages (the cgroup's limit, by kprobe or fentry)
# or, from the mark_victim tracepoint, its resident pages.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/memcg.sh"

# kill_one STREAM ARGS...: the tool (with ARGS, its status line on STREAM,
# out or err) sees memhog's kill.
kill_one() {
	_stream=$1
	shift
	memcg_hog 32 1024
	start_tool oomkill "$@"
	wait_for "$T/oomkill.$_stream" '^Tracing OOM kills\.\.\. Ctrl-C to stop\.$'
	poke
	wait "$PROG_PID"
	[ $? -eq 137 ] || fail "memhog was not killed by SIGKILL"
	wait_for "$T/oomkill.out" "$PROG_PID"
	stop_tool
	memcg_cleanup
}

kill_one out
line="^[0-9:]{8} Triggered by PID $PROG_PID \(\"memhog\"\), OOM kill of PID $PROG_PID \(\"memhog\"\), [0-9]+ pages, loadavg: [0-9.]+ [0-9.]+ [0-9.]+ [0-9]+/[0-9]+ [0-9]+$"
expect_grep "$line" "$T/oomkill.out"
pages=$(sed -n 's/.*), \([0-9]*\) pages, .*/\1/p' "$T/oomkill.out")
echo "ok: $(grep Triggered "$T/oomkill.out")"

kill_one err -j
json="^\{\"time\": \"[0-9:]{8}\", \"fpid\": $PROG_PID, \"fcomm\": \"memhog\", \"tpid\": $PROG_PID, \"tcomm\": \"memhog\", \"pages\": [0-9]+, \"pages_of\": \"(oom_domain|victim_rss)\", \"loadavg\": \"[0-9./ ]+\"\}$"
expect_grep "$json" "$T/oomkill.out"
# 32 MB of 4 KiB pages: the cgroup's 8192 exactly, or what memhog held
# when killed: most of them, and its file pages (its binary's, counted in
# its resident set, charged elsewhere).
if grep -q '"pages_of": "oom_domain"' "$T/oomkill.out"; then
	expect_grep '"pages": 8192,' "$T/oomkill.out"
	[ "$pages" -eq 8192 ] || fail "the text line said $pages pages, the cgroup has 8192"
else
	jpages=$(sed -n 's/.*"pages": \([0-9]*\),.*/\1/p' "$T/oomkill.out")
	for n in "$pages" "$jpages"; do
		[ "$n" -ge 4096 ] && [ "$n" -le 9216 ] || fail "memhog's resident pages $n not in 4096..9216"
	done
fi
echo "ok: $(cat "$T/oomkill.out")"
