# uobjnew on real programs: cobjnew counts a C program's 500 mallocs of 16
# bytes and 500 of 32 exactly (-S 1 keeps the larger, -j), javaobjnew the
# Java program's 500 LangWork$Blob objects and their array (whose size
# HotSpot tells: 16 + 500 references of 4 bytes); Tcl without probes, an
# unknown language, a process not of the language are refused.
# vm: skip (the guests have no JVM)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"

gated_start "$TESTBIN/mallocs_dyn" 1000
start_tool cobjnew "$PROG_PID"
wait_for "$T/cobjnew.out" "^Tracing allocations in process $PROG_PID \(language: c\)\.\.\. Ctrl-C to quit\.$"
poke
wait "$PROG_PID"
stop_tool
expect_line "$T/cobjnew.out" "$(printf '%-30s %8s %12s' NAME/TYPE '# ALLOCS' '# BYTES')"
expect_line "$T/cobjnew.out" "$(printf '%-30s %8d %12d' 'block size 16' 500 8000)"
expect_line "$T/cobjnew.out" "$(printf '%-30s %8d %12d' 'block size 32' 500 16000)"
echo "ok: cobjnew: 500 blocks of 16 bytes, 500 of 32"

gated_start "$TESTBIN/mallocs_dyn" 1000
start_tool uobjnew -l c -S 1 -j "$PROG_PID"
wait_for "$T/uobjnew.err" '^Tracing allocations in process'
poke
wait "$PROG_PID"
stop_tool
[ "$(cat "$T/uobjnew.out")" = '{"type": "block size 32", "allocs": 500, "bytes": 16000}' ] ||
	fail "-S 1 -j: $(cat "$T/uobjnew.out")"
echo "ok: uobjnew -S 1 -j: the 32-byte blocks only"

java_start 0 0 0 500
start_tool javaobjnew "$PROG_PID"
wait_for "$T/javaobjnew.out" "^Tracing allocations in process $PROG_PID \(language: java\)\.\.\. Ctrl-C to quit\.$"
poke
wait_for "$T/prog.out" '^done'
stop_tool
lang_finish
expect_no_grep 'make sure you ran java' "$T/javaobjnew.out"
expect_grep "^LangWork\\\$Blob +500 +[0-9]+\$" "$T/javaobjnew.out"
expect_line "$T/javaobjnew.out" "$(printf '%-30s %8d %12d' '[LLangWork$Blob;' 1 2016)"
echo "ok: javaobjnew: 500 LangWork\$Blob, their 2016-byte array"

expect_no_probes tcl uobjnew -l tcl -- "$(readlink -f /usr/bin/tclsh)"
gated_start "$TESTBIN/mallocs_dyn" 1
expect_bad_input "not a java process" "$BPFKIT" javaobjnew "$PROG_PID"
kill "$PROG_PID"
wait "$PROG_PID" 2>/dev/null
expect_bad_input "unknown language" "$BPFKIT" uobjnew -l python $$
expect_bad_input "-C with -S" "$BPFKIT" uobjnew -C 1 -S 1 $$
expect_bad_input "bad PID" "$BPFKIT" rubyobjnew 999999999
echo PASS
