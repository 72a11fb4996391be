# The language tools on Debian's ruby3.1, whose USDT probes are in
# libruby-3.1.so (package libruby3.1): rubycalls counts exactly the calls
# test/progs/langwork.rb makes of its methods (it enables a TracePoint, as
# Ruby 2.5 and later need for method__entry), ucalls -L (the language
# found from the process) times them; rubyflow shows the outer -> inner ->
# target nesting inside the C method Integer#times (cmethod__entry, as
# BCC's uflow); rubygc sees each GC.start's mark stage.
# vm: skip (the guests have no ruby3.1)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"
RUBY31=/usr/bin/ruby3.1

# ruby_start CALLS GCS: the workload, gated, started up.
ruby_start() {
	[ -x "$RUBY31" ] || fail "no $RUBY31 (apt-get install ruby3.1)"
	TOOL_PID=""
	gated_start "$RUBY31" "$PROGS_SRC/langwork.rb" "$@"
	wait_for "$T/prog.out" '^ready$' 30
}

ruby_start 100 3
start_tool rubycalls -v "$PROG_PID"
wait_for "$T/rubycalls.out" "^Tracing calls in process $PROG_PID \(language: ruby\)\.\.\. Ctrl-C to quit\.$"
expect_grep '^USDT ruby:method__entry in /usr/lib/x86_64-linux-gnu/libruby-3\.1\.so[.0-9]* at 0x[0-9a-f]+, semaphore at 0x[0-9a-f]+, 4 arguments -> ruby_entry_usdt$' "$T/rubycalls.out"
expect_grep '^If you see no Ruby-defined methods, make sure the program enables a TracePoint ' "$T/rubycalls.out"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
for m in outer inner target; do
	expect_line "$T/rubycalls.out" "$(printf '%-50s %8d' "Work.$m" 100)"
done
expect_line "$T/rubycalls.out" "$(printf '%-50s %8d' GC.start 3)"
echo "ok: rubycalls: 100 calls each of Work#outer, inner, target; 3 of GC.start"

ruby_start 100 0
start_tool ucalls -L "$PROG_PID"
wait_for "$T/ucalls.out" "^Tracing calls in process $PROG_PID \(language: ruby\)"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
expect_line "$T/ucalls.out" "$(printf '%-50s %8s %8s' METHOD '# CALLS' 'TIME (us)')"
expect_grep "^$(printf '%-50s %8d' Work.target 100) +[0-9]+\.[0-9]{2}\$" "$T/ucalls.out"
echo "ok: ucalls -L, ruby detected"

# Unfiltered: the script's C methods around its own, exactly.
ruby_start 5 0
start_tool rubyflow "$PROG_PID"
wait_for "$T/rubyflow.out" '^CPU +PID +TID +TIME\(us\) +METHOD$'
poke
wait_for "$T/prog.out" '^done$'
wait_for "$T/rubyflow.out" '^[0-9]+ +[0-9]+ +[0-9]+ +[0-9.]+ +-> IO\.gets$'
stop_tool
lang_finish
grep -E "^[0-9]+ +$PROG_PID +$PROG_PID +[0-9]+\.[0-9]{3} +(->|<-|  )" "$T/rubyflow.out" | sed -E 's/^([^ ]+ +){3}//' | cut -c10- >"$T/flow"
{
	echo "<- IO.gets"
	echo "-> Integer.times"
	for i in 1 2 3 4 5; do
		for d in "  -> Work.outer" "    -> Work.inner" "      -> Work.target" "      <- Work.target" "    <- Work.inner" "  <- Work.outer"; do
			echo "$d"
		done
	done
	for d in "<- Integer.times" "-> Integer.times" "<- Integer.times" "-> Kernel.puts" "  -> IO.puts" "    -> IO.write" "    <- IO.write" "  <- IO.puts" "<- Kernel.puts" "-> IO.gets"; do
		echo "$d"
	done
} >"$T/want"
cmp -s "$T/flow" "$T/want" || fail "rubyflow: $(diff "$T/want" "$T/flow")"
echo "ok: rubyflow: 5 calls outer -> inner -> target inside Integer#times"

ruby_start 0 3
start_tool rubygc "$PROG_PID"
wait_for "$T/rubygc.out" '^START +TIME \(us\) DESCRIPTION'
expect_line "$T/rubygc.out" "Tracing garbage collections in ruby process $PROG_PID... Ctrl-C to quit."
poke
wait_for "$T/prog.out" '^done$'
wait_for_lines "$T/rubygc.out" 'GC mark stage$' 3
stop_tool
lang_finish
n=$(grep -Ec '^[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2} +GC mark stage$' "$T/rubygc.out")
[ "$n" -eq 3 ] || fail "$n mark stages of 3 GC.start"
# Each collection sweeps; a lazy sweep left from start-up may add some.
n=$(grep -Ec '^[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{2} +GC sweep stage$' "$T/rubygc.out")
[ "$n" -ge 3 ] || fail "$n sweep stages for 3 GC.start"
echo "ok: rubygc: 3 GC.start, each a mark stage"

ruby_start 1 0
expect_bad_input "ruby is not php" "$BPFKIT" phpcalls "$PROG_PID"
grep -q "is not a php process" "$T/bad.err" || fail "$(cat "$T/bad.err")"
kill "$PROG_PID"
echo PASS
