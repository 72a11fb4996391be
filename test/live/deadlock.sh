# deadlock on test/progs/lockorder: two threads, one after the other, lock
# mutex_a then mutex_b and mutex_b then mutex_a ("inverted"): the inversion
# is reported once, with both mutexes by name and address and each edge's
# two stacks in the function that locked (lock_a_then_b, lock_b_then_a),
# and the tool exits 1; the same order in both ("ordered") reports nothing.
# Static (the program's own pthread_mutex_lock) and dynamic (libc's);
# its own lock functions by --lock-symbols and --unlock-symbols; --verbose,
# --dump-graph, -j; bad input is one line.
. "$TESTLIB"

# run PROG MODE ARGS...: the tool on PROG MODE, poked once tracing; A and B
# the mutexes' addresses as printed (0x%016x), FIRST and SECOND the threads.
run() {
	_prog=$1 _mode=$2
	shift 2
	gated_start "$TESTBIN/$_prog" "$_mode"
	TOOL_PID= # the last run's tool ended by itself: not this one's
	wait_for "$T/prog.out" '^b 0x'
	A=$(printf '0x%016x' "$(sed -n 's/^a //p' "$T/prog.out")")
	B=$(printf '0x%016x' "$(sed -n 's/^b //p' "$T/prog.out")")
	start_tool deadlock "$PROG_PID" "$@"
	case " $* " in
	*" -j "*) hdr=$T/deadlock.err ;;
	*) hdr=$T/deadlock.out ;;
	esac
	wait_for "$hdr" '^Tracing\.\.\. Hit Ctrl-C to end\.$'
	poke
	wait_for "$T/prog.out" '^done$'
	FIRST=$(sed -n 's/^first //p' "$T/prog.out")
	SECOND=$(sed -n 's/^second //p' "$T/prog.out")
}
end_prog() {
	echo q >&3
	wait "$PROG_PID" || fail "$_prog failed: $(cat "$T/prog.out")"
}
# block FILE START-REGEX: the lines from START to the next blank line.
block() {
	_line=$(grep -nE "$2" "$1" | head -1 | cut -d: -f1)
	[ -n "$_line" ] || fail "no /$2/ in $1"
	sed -n "$_line,/^\$/p" "$1"
}

check_inversion() { # PROG [LOCK-FUNCTION]
	_lockf=${2:-(__)?pthread_mutex_lock}
	out=$T/deadlock.out
	[ "$(grep -c '^Potential Deadlock Detected!$' "$out")" -eq 1 ] || fail "$1: not one report"
	ma="Mutex M[01] \\(mutex_a $A\\)"
	mb="Mutex M[01] \\(mutex_b $B\\)"
	expect_grep "^Cycle in lock order graph: ($ma => $mb => $ma|$mb => $ma => $mb)\$" "$out"
	# Thread SECOND locked A holding B (in lock_b_then_a), FIRST the reverse.
	for edge in "$ma acquired here while holding $mb in Thread $SECOND \\($1\\):|lock_b_then_a" \
		"$mb previously acquired by the same Thread $SECOND \\($1\\) here:|lock_b_then_a" \
		"$mb acquired here while holding $ma in Thread $FIRST \\($1\\):|lock_a_then_b" \
		"$ma previously acquired by the same Thread $FIRST \\($1\\) here:|lock_a_then_b"; do
		head=${edge%|*} func=${edge#*|}
		expect_grep "^$head\$" "$out"
		block "$out" "^$head\$" >"$T/stack"
		sed -n 2p "$T/stack" | grep -Eq "^@ [0-9a-f]{16} $_lockf\$" || fail "$head: not in $_lockf first"
		expect_grep "^@ [0-9a-f]{16} $func\$" "$T/stack"
	done
	[ "$(grep -c ' acquired here while holding ' "$out")" -eq 2 ] || fail "$1: not two edges"
	for tid in "$FIRST" "$SECOND"; do
		expect_grep "^Thread $tid created by Thread $PROG_PID \\($1\\) here: \$" "$out"
	done
}

run lockorder inverted
wait_tool
[ "$TOOL_RC" -eq 1 ] || fail "exit status $TOOL_RC after a deadlock, expected 1"
check_inversion lockorder
end_prog
echo "ok: static: the inversion of $A and $B by $FIRST and $SECOND, once, exit 1"

run lockorder_dyn inverted --verbose --dump-graph "$T/graph.json"
wait_tool
[ "$TOOL_RC" -eq 1 ] || fail "exit status $TOOL_RC after a deadlock, expected 1"
check_inversion lockorder_dyn
expect_grep '^Mutexes: 2, Edges: 2$' "$T/deadlock.out"
expect_grep "^      \"id\": $(printf %d "$A")\$" "$T/graph.json"
expect_grep "^      \"id\": $(printf %d "$B")\$" "$T/graph.json"
[ "$(grep -c "^      \"thread_pid\": \\($FIRST\\|$SECOND\\),\$" "$T/graph.json")" -eq 2 ] || fail "graph: not 2 links"
expect_grep '^  "directed": true,$' "$T/graph.json"
end_prog
echo "ok: dynamic (libc's locks), --verbose, --dump-graph"

run lockorder inverted --lock-symbols my_lock --unlock-symbols my_unlock
wait_tool
[ "$TOOL_RC" -eq 1 ] || fail "--lock-symbols: exit status $TOOL_RC, expected 1"
check_inversion lockorder my_lock
end_prog
echo "ok: --lock-symbols my_lock --unlock-symbols my_unlock"

run lockorder ordered --verbose
# Both threads made the one edge A => B; a check after it, then Ctrl-C.
wait_for "$T/deadlock.out" '^Mutexes: 2, Edges: 1$'
stop_tool
expect_no_grep 'Deadlock' "$T/deadlock.out"
end_prog
echo "ok: the same order in both threads: no inversion"

run lockorder inverted -j
wait_tool
[ "$TOOL_RC" -eq 1 ] || fail "-j: exit status $TOOL_RC, expected 1"
ja="\\{\"mutex\": \"M[01]\", \"address\": \"$A\", \"symbol\": \"mutex_a\"\\}"
jb="\\{\"mutex\": \"M[01]\", \"address\": \"$B\", \"symbol\": \"mutex_b\"\\}"
expect_grep "^\\{\"cycle\": \\[($ja, $jb|$jb, $ja)\\], \"edges\": \\[" "$T/deadlock.out"
expect_grep "\"tid\": $SECOND, \"comm\": \"lockorder\", \"acquired_stack\": \\[[^]]*\"lock_b_then_a\"" "$T/deadlock.out"
expect_grep "\"tid\": $FIRST, \"comm\": \"lockorder\", \"acquired_stack\": \\[[^]]*\"lock_a_then_b\"" "$T/deadlock.out"
for tid in "$FIRST" "$SECOND"; do
	expect_grep "\"threads\": \\[.*\\{\"tid\": $tid, \"parent_tid\": $PROG_PID, \"parent_comm\": \"lockorder\", " "$T/deadlock.out"
done
end_prog
echo "ok: -j"

gated_start "$TESTBIN/lockorder" ordered
expect_bad_input "no PID" "$BPFKIT" deadlock
expect_bad_input "a PID that does not exist" "$BPFKIT" deadlock 999999999
expect_bad_input "a --binary that does not exist" "$BPFKIT" deadlock "$PROG_PID" --binary /nonexistent/libc.so
expect_bad_input "a --binary without the lock functions" "$BPFKIT" deadlock "$PROG_PID" --binary /bin/true
expect_bad_input "a lock symbol the program lacks" "$BPFKIT" deadlock "$PROG_PID" --lock-symbols no_such_lock
expect_bad_input "an empty unlock symbol" "$BPFKIT" deadlock "$PROG_PID" --unlock-symbols a,,b
expect_bad_input "-t 0" "$BPFKIT" deadlock "$PROG_PID" -t 0
poke
end_prog
# busybox-static: no symbols, no libc mapped: no pthread to probe.
busybox sleep 30 &
BB=$!
BG_PIDS="$BG_PIDS $BB"
# Until the forked shell has become busybox (before, it is a dynamic sh).
_deadline=$(( $(date +%s) + 20 ))
until case $(readlink "/proc/$BB/exe" 2>/dev/null) in *busybox) true ;; *) false ;; esac; do
	[ "$(date +%s)" -lt "$_deadline" ] || fail "busybox did not start: $(readlink "/proc/$BB/exe")"
	sleep 0.01
done
expect_bad_input "a static program without pthread" "$BPFKIT" deadlock "$BB"
echo "ok: bad input"
