# The symbolizer's budgets as the tools report them with --verbose: a
# stack tool's last line says what its caches held against their budgets,
# the descriptor budget being a quarter of RLIMIT_NOFILE (the eviction
# itself is unit.symcache's, the decompression bomb unit.symbomb's).
. "$TESTLIB"

gated_start "$TESTBIN/spinner" 500
start_tool profile --verbose -U -F 199 -p "$PROG_PID"
wait_for "$T/profile.out" '^Sampling at 199 Hertz'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^    spin_here$' "$T/profile.out"
# One process, one static binary; 256 descriptors of the usual 1024.
line=$(grep 'debug: symbolizer cache:' "$T/profile.err")
echo "$line" | grep -Eq '^profile: debug: symbolizer cache: [0-9.]+ [KM]iB \(peak [0-9.]+ [KM]iB\) of 256 MiB, [0-9]+ descriptors \(peak [0-9]+\) of ([0-9]+), 1 files, 1 processes, 0 evicted$' ||
	fail "cache line: $line"
want=$(( $(ulimit -n) / 4 ))
[ "$want" -gt 256 ] && want=256
echo "$line" | grep -q " of $want, " || fail "descriptor budget for ulimit -n $(ulimit -n): $line"
echo "ok: $line"

# A lower RLIMIT_NOFILE gives the symbolizer a smaller share.
gated_start "$TESTBIN/inliner" 10 addr
wait_for "$T/prog.out" '^hot_outer 0x'
a=$(sed -n 's/^hot_outer //p' "$T/prog.out")
(ulimit -n 48 && "$BPFKIT" sym --verbose -p "$PROG_PID" -f "$a") >"$T/sym.out" 2>"$T/sym.err" || fail "sym under ulimit -n 48"
[ "$(sed -n 1p "$T/sym.out")" = hot_outer ] || fail "sym under ulimit -n 48: $(cat "$T/sym.out")"
expect_grep 'descriptors \(peak [0-9]+\) of 12, ' "$T/sym.err"
echo "ok: ulimit -n 48: $(grep 'symbolizer cache' "$T/sym.err")"
poke
wait "$PROG_PID"
echo PASS
