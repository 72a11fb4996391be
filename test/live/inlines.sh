# --lines and --inlines on a real stack: profile samples a test program
# spinning in a loop inlined into hot_outer; the frames must name the
# inlined function and the source lines (from the binary's DWARF).
. "$TESTLIB"

src=$(dirname "$TESTLIB")/../progs/inliner.c
[ -f "$src" ] || src=/tests/progs/inliner.c # in the VM (run-vm.sh copies it)
inner=$(grep -n '@inner' "$src" | cut -d: -f1)
call=$(grep -n '@call' "$src" | cut -d: -f1)

gated_start "$TESTBIN/inliner" 800
start_tool profile -f -U -F 199 --inlines --lines -p "$PROG_PID"
wait_for "$T/profile.err" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
# Folded: outermost first, so hot_outer at the call site, then the inlined
# loop at its own lines (the for, or the increment below it).
awk -v a="hot_outer (inliner.c:$call);hot_inner [inlined] (inliner.c:$((inner - 1)))" \
    -v b="hot_outer (inliner.c:$call);hot_inner [inlined] (inliner.c:$inner)" '
	{ n = $NF; all += n } index($0, a " ") || index($0, b " ") { hit += n }
	END { print hit + 0, all + 0 }' "$T/profile.out" >"$T/sums"
read -r hit all <"$T/sums"
[ "$all" -ge 50 ] || fail "only $all samples"
[ $((hit * 100)) -ge $((all * 80)) ] || fail "$hit of $all samples in hot_inner (inlined, line $inner) called at line $call: $(head -5 "$T/profile.out")"
echo "ok: $hit of $all samples at hot_inner [inlined] (inliner.c:$inner) in hot_outer (inliner.c:$call)"

# Without --inlines the loop is hot_outer's, still at the loop's line.
gated_start "$TESTBIN/inliner" 300
start_tool profile -f -U -F 199 --lines -p "$PROG_PID"
wait_for "$T/profile.err" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
expect_grep ";hot_outer \(inliner.c:($((inner - 1))|$inner)\) [0-9]+$" "$T/profile.out"
expect_no_grep 'inlined' "$T/profile.out"
echo PASS
