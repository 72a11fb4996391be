# --pprof FILE of the stack tools, read by Debian's `go tool pprof` itself
# (-symbolize=none: what it shows is what the profile holds, nothing it
# looked up on its own): profile's samples of a spinner in spin_here with
# its file and line, its units, period, labels and build-id; an inline
# chain as one location; offcputime's sleeping function with the time it
# slept; offwaketime's waker above its sleeper; stackcount's exact counts
# per call path.
# vm: skip (the guests have no Go toolchain)
. "$TESTLIB"

command -v go >/dev/null || fail "go not found: packaging/deps.sh installs golang-go"
# go wants a cache and a home even for a prebuilt tool; as root in CI
# there may be neither.
export HOME="$T" GOCACHE="$T/gocache" PPROF_TMPDIR="$T"
pprof() {
	go tool pprof -symbolize=none "$@" 2>"$T/pprof.err" || fail "go tool pprof $*: $(cat "$T/pprof.err")"
}
build_id() {
	readelf -n "$1" | awk '/Build ID:/ { print $3 }'
}
# The line range of a function in a test program's source: from its
# definition to the closing brace at column 0.
body_lines() {
	awk -v f="$2" '$0 ~ "void " f "\\(" { s = NR } s && /^}/ { print s, NR; exit }' "$1"
}
SRC=$(cd "$(dirname "$TESTLIB")/../progs" && pwd)

# profile: 1.5 s at 199 Hz, about 300 samples, nearly all in spin_here.
gated_start "$TESTBIN/spinner" 1500
start_tool profile -F 199 -p "$PROG_PID" --pprof "$T/cpu.pb.gz"
wait_for "$T/profile.out" "^Sampling at 199 Hertz of PID \\[$PROG_PID\\] by user \\+ kernel stack\\.\\.\\. Hit Ctrl-C to end\\.$"
poke
wait "$PROG_PID"
stop_tool
# Nothing printed but the status line: the stacks went to the file.
[ "$(wc -l <"$T/profile.out")" -eq 1 ] || fail "profile printed stacks with --pprof"
pprof -sample_index=samples -top -lines "$T/cpu.pb.gz" >"$T/top"
total=$(sed -n 's/.*Total samples = \([0-9]*\).*/\1/p' "$T/top")
in_spin=$(awk '$6 == "spin_here" { s += $1 } END { print s + 0 }' "$T/top")
[ -n "$total" ] && [ "$total" -ge 100 ] || fail "only ${total:-no} samples: $(cat "$T/top")"
[ $((in_spin * 100)) -ge $((total * 90)) ] || fail "$in_spin of $total samples in spin_here: $(cat "$T/top")"
# The hottest line is spin_here's, in spinner.c, within its body.
read -r first last <<EOF
$(body_lines "$SRC/spinner.c" spin_here)
EOF
top=$(awk '/^ *flat/ { getline; print $6, $7; exit }' "$T/top")
case $top in
"spin_here $SRC/spinner.c:"*) line=${top##*:} ;;
*) fail "hottest line is not spin_here's in spinner.c: $top" ;;
esac
[ "$line" -ge "$first" ] && [ "$line" -le "$last" ] || fail "spin_here at line $line, outside $first-$last"
echo "ok: $in_spin of $total samples in spin_here, hottest at spinner.c:$line"
pprof -raw "$T/cpu.pb.gz" >"$T/raw"
expect_grep '^samples/count cpu/nanoseconds\[dflt\]$' "$T/raw"
expect_grep '^PeriodType: cpu nanoseconds$' "$T/raw"
expect_grep '^Period: 5025125$' "$T/raw" # 1e9 / 199
expect_grep '^ +comm:\[spinner\]$' "$T/raw"
expect_grep "^ +pid:\\[$PROG_PID\\]\$" "$T/raw"
# Each sample's cpu value is its count times the period.
awk '/^ +[0-9]+ +[0-9]+: / { sub(":", "", $2); if ($1 * 5025125 != $2) bad = bad " " $1 "/" $2 }
     END { if (bad) { print bad; exit 1 } }' "$T/raw" >"$T/bad" || fail "cpu value is not count x period:$(cat "$T/bad")"
bid=$(build_id "$TESTBIN/spinner")
[ -n "$bid" ] || fail "no build-id in $TESTBIN/spinner"
expect_grep "^[0-9]+: 0x[0-9a-f]+/0x[0-9a-f]+/0x[0-9a-f]+ $(readlink -f "$TESTBIN/spinner") $bid " "$T/raw"
echo "ok: types, period, labels, mapping with build-id $bid"

# An inline chain: hot_inner inlined into hot_outer is one location, its
# lines innermost first, at the source's marked lines.
gated_start "$TESTBIN/inliner" 1000
start_tool profile -U -F 199 -p "$PROG_PID" --pprof "$T/inl.pb.gz"
wait_for "$T/profile.out" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
inner=$(grep -n '@inner' "$SRC/inliner.c" | cut -d: -f1)
call=$(grep -n '@call' "$SRC/inliner.c" | cut -d: -f1)
pprof -raw "$T/inl.pb.gz" >"$T/raw"
awk -v i="hot_inner $SRC/inliner.c:$inner s=0" -v c="hot_outer $SRC/inliner.c:$call s=0" '
	prev ~ (" M=[0-9]+ " i "$") && $0 ~ ("^ +" c "$") { found = 1 } { prev = $0 } END { exit !found }' "$T/raw" ||
	fail "no location hot_inner (inliner.c:$inner) inlined in hot_outer (inliner.c:$call): $(cat "$T/raw")"
echo "ok: hot_inner:$inner inlined in hot_outer:$call, one location"

# offcputime: 5 sleeps of 100 ms in block_here.  The stacks through
# do_nanosleep (a timer interrupt preempting block_here makes a stack of
# its own, not the sleep) add up to at least the 500 ms slept, less the
# few microseconds between arming the timer and switching out, and each
# sleep's truncation to whole microseconds; at most 40% more: timer slack
# and the wakeup latency of 2 shared cores.
gated_start "$TESTBIN/sleeper" 5 100
start_tool offcputime -p "$PROG_PID" --pprof "$T/off.pb.gz"
wait_for "$T/offcputime.out" "^Tracing off-CPU time \\(us\\) of PIDs $PROG_PID by user \\+ kernel stack\\.\\.\\. Hit Ctrl-C to end\\.$"
poke
wait "$PROG_PID"
stop_tool
pprof -unit=us -top -focus='^do_nanosleep$' "$T/off.pb.gz" >"$T/top"
us=$(awk '$6 == "block_here" { sub("us$", "", $4); print $4 }' "$T/top")
[ -n "$us" ] || fail "no block_here under do_nanosleep: $(cat "$T/top")"
[ "$us" -ge 495000 ] && [ "$us" -le 700000 ] || fail "block_here off-CPU $us us, expected 500000 (495000-700000)"
pprof -raw "$T/off.pb.gz" >"$T/raw"
expect_grep '^off_cpu/microseconds\[dflt\]$' "$T/raw"
expect_grep ' M=[0-9]+ do_nanosleep :0 s=0$' "$T/raw"
expect_grep '^[0-9]+: 0x[0-9a-f]+/0xffffffffffffffff/0x0 \[kernel\.kallsyms\] ' "$T/raw"
pprof -traces -lines "$T/off.pb.gz" >"$T/traces"
read -r first last <<EOF
$(body_lines "$SRC/sleeper.c" block_here)
EOF
line=$(sed -n "s|^ *block_here $SRC/sleeper.c:\\([0-9]*\\)\$|\\1|p" "$T/traces" | head -1)
[ -n "$line" ] && [ "$line" -ge "$first" ] && [ "$line" -le "$last" ] ||
	fail "block_here's line ${line:-missing}, expected $first-$last: $(cat "$T/traces")"
echo "ok: block_here off-CPU for $us us (of 500000), at sleeper.c:$line"

# stackcount: exact counts, one sample per call path, leaf first.
gated_start "$TESTBIN/twopaths" 7 11
start_tool stackcount -p "$PROG_PID" --pprof "$T/sc.pb.gz" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.out" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
pprof -traces "$T/sc.pb.gz" >"$T/traces"
# Each trace as "count leaf;caller;...".
awk '/^-+\+-+$/ { if (s) print s; s = ""; next }
     /^ +[0-9]+ +[^ ]+$/ && !s { s = $1 " " $2; next }
     /^ +[^ :]+$/ && s { s = s ";" $1 }
     END { if (s) print s }' "$T/traces" >"$T/paths"
grep -Eq '^7 leaf;path_a;main(;|$)' "$T/paths" || fail "path_a: $(cat "$T/paths")"
grep -Eq '^11 leaf;middle;path_b;main(;|$)' "$T/paths" || fail "path_b: $(cat "$T/paths")"
[ "$(wc -l <"$T/paths")" -eq 2 ] || fail "expected 2 stacks: $(cat "$T/paths")"
pprof -raw "$T/sc.pb.gz" >"$T/raw"
expect_grep '^calls/count\[dflt\]$' "$T/raw"
echo "ok: stackcount: 7 via path_a, 11 via path_b"

# offwaketime: 4 wakeups after 50 ms each; a sample per (blocked stack,
# waker stack), the waker's above "--", the blocked task's below, as the
# folded line reversed; the tool's own bounds (offwaketime.sh).
gated_start "$TESTBIN/waker" 4 50
start_tool offwaketime -K --pprof "$T/ow.pb.gz"
wait_for "$T/offwaketime.out" '^Tracing blocked time \(us\) by kernel off-CPU and waker stack\.\.\. Hit Ctrl-C to end\.$'
poke
wait "$PROG_PID"
stop_tool
pprof -unit=us -traces -tagfocus=comm=bk_sleeper "$T/ow.pb.gz" >"$T/traces"
awk '/^-+\+-+$/ { if (ok && j && r) sum += v; v = ok = j = r = w = 0; next }
     /^ +waker: +bk_waker$/ { ok = 1 }
     /^ +[0-9]+us +/ { v = $1; sub("us", "", v) }
     /pipe_write$/ { w = 1 } / --$/ { j = w } /pipe_read$/ { r = j }
     END { if (ok && j && r) sum += v; print sum + 0 }' "$T/traces" >"$T/total"
us=$(cat "$T/total")
[ "$us" -ge 190000 ] && [ "$us" -le 400000 ] ||
	fail "bk_sleeper blocked in pipe_read, woken from pipe_write: $us us, expected about 200000: $(cat "$T/traces")"
echo "ok: offwaketime: bk_sleeper woken by bk_waker after $us us (of 200000)"

expect_bad_input "--pprof with -f" "$BPFKIT" profile -f --pprof "$T/x.pb.gz" 1
expect_bad_input "--pprof with -j" "$BPFKIT" offcputime -j --pprof "$T/x.pb.gz" 1
expect_bad_input "--pprof with --flamegraph" "$BPFKIT" stackcount --flamegraph "$T/x.svg" --pprof "$T/x.pb.gz" t:sched:sched_switch
[ ! -e "$T/x.svg" ] && [ ! -e "$T/x.pb.gz" ] || fail "a refused run left a file behind"
expect_bad_input "--pprof to a missing directory" "$BPFKIT" wakeuptime --pprof "$T/none/x.pb.gz" 1
echo PASS
