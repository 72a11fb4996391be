# numamove on this machine: where the kernel has neither fentry nor kprobes
# (this host) it counts by migrate_pages()'s tracepoints; with one NUMA node
# nothing is misplaced, so every line counts 0 migrations in 0 ms, in text
# and in -j, and `numamove 1 2` ends by itself after two lines.  (The moves
# themselves: guest/numamove.sh, with two nodes.)  Bad input: one line each.
. "$TESTLIB"
nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
hdr="^$(printf '%-10s %18s %18s' TIME NUMA_migrations NUMA_migrations_ms)\$"
start_tool numamove --verbose 1 2
wait_tool 30
[ "$TOOL_RC" -eq 0 ] || fail "numamove 1 2 exited with status $TOOL_RC"
expect_grep "$hdr" "$T/numamove.out"
[ "$(grep -Ec '^[0-9:]{8} +[0-9]+ +[0-9]+$' "$T/numamove.out")" -eq 2 ] || fail "not two lines"
[ "$(wc -l <"$T/numamove.out")" -eq 3 ] || fail "more than the header and two lines"
if ! "$BPFKIT" features 2>/dev/null | grep -Eq '^(kprobes|fentry) +yes'; then
	expect_grep 'probe migrate_misplaced_folio or migrate_misplaced_page: tracepoint migrate:mm_migrate_pages_start$' "$T/numamove.err"
	expect_grep 'probe migrate_misplaced_folio or migrate_misplaced_page return: tracepoint migrate:mm_migrate_pages$' "$T/numamove.err"
	echo "ok: numamove: migrate tracepoints (no fentry, no kprobes)"
fi
if [ "$nodes" -eq 1 ]; then
	[ "$(grep -Ec '^[0-9:]{8} +0 +0$' "$T/numamove.out")" -eq 2 ] || fail "one node, yet migrations: $(cat "$T/numamove.out")"
	echo "ok: numamove: one node, two lines of 0"
fi
start_tool numamove -j 1 1
wait_tool 30
[ "$TOOL_RC" -eq 0 ] || fail "numamove -j 1 1 exited with status $TOOL_RC"
expect_grep "$hdr" "$T/numamove.err"
expect_grep '^\{"time": "[0-9:]{8}", "numa_migrations": [0-9]+, "numa_migrations_ms": [0-9]+\}$' "$T/numamove.out"
echo "ok: numamove -j"
expect_bad_input "numamove with interval 0" "$BPFKIT" numamove 0
expect_bad_input "numamove with a word" "$BPFKIT" numamove often
echo PASS
