# Probing a stripped binary through its separate debug file, as BCC does:
# a copy of test/progs/structs with neither .symtab nor DWARF, whose debug
# file is found by build-id under $BPFKIT_DEBUGINFO_PATH, then (another
# copy) by its .gnu_debuglink next to it.  funccount and trace find visit()
# by name in the debug file's .symtab (the uprobe still goes at the
# stripped file's own offset: the counts are exact), and trace reads
# o->in->id and o->embedded.name through the debug file's DWARF.  Without
# the debug file: one line each, no function, no DWARF types.
# vm: skip (needs objcopy and readelf, which the guest lacks)
. "$TESTLIB"

command -v objcopy >/dev/null && command -v readelf >/dev/null || fail "needs objcopy and readelf (binutils)"
src=$TESTBIN/structs
id=$(readelf -n "$src" | sed -n 's/.*Build ID: *\([0-9a-f]*\).*/\1/p')
[ -n "$id" ] || fail "$src has no build-id"

# stripped FILE: neither a symbol table nor DWARF left in it.
stripped() {
	readelf -S "$1" >"$T/sections" || fail "readelf -S $1"
	! grep -Eq '\.symtab|\.debug_info' "$T/sections" || fail "$1 still has .symtab or DWARF"
}

mkdir -p "$T/empty" "$T/root/.build-id/$(echo "$id" | cut -c1-2)" "$T/byid" "$T/bylink"
objcopy --only-keep-debug "$src" "$T/root/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug" ||
	fail "objcopy --only-keep-debug"
objcopy --strip-all "$src" "$T/byid/structs" || fail "objcopy --strip-all"
stripped "$T/byid/structs"
objcopy --only-keep-debug "$src" "$T/bylink/structs.debug" || fail "objcopy --only-keep-debug"
objcopy --strip-all --add-gnu-debuglink="$T/bylink/structs.debug" "$src" "$T/bylink/structs" ||
	fail "objcopy --add-gnu-debuglink"
stripped "$T/bylink/structs"

# probe BINARY ROOTS WAY: 5 calls of visit() counted and traced.
probe() {
	export BPFKIT_DEBUGINFO_PATH="$2"
	gated_start "$1" 5
	start_tool funccount -p "$PROG_PID" "$1:visit"
	wait_for "$T/funccount.out" "^Tracing 1 functions for \"$1:visit\""
	poke
	wait "$PROG_PID"
	stop_tool
	expect_grep '^visit +5$' "$T/funccount.out"
	echo "ok: $3: funccount $1:visit counted 5 calls"

	gated_start "$1" 5
	start_tool trace -p "$PROG_PID" "$1:visit(struct outer *o) \"%d %s\", o->in->id, o->embedded.name"
	wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
	poke
	wait "$PROG_PID"
	wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +structs +visit +104 visit-4$"
	stop_tool
	for i in 0 1 2 3; do
		expect_grep "^$PROG_PID +$PROG_PID +structs +visit +$((100 + i)) visit-$i$" "$T/trace.out"
	done
	[ "$(grep -c ' visit ' "$T/trace.out")" -eq 5 ] || fail "$3: expected 5 calls of visit"
	echo "ok: $3: trace o->in->id, o->embedded.name through the debug file's DWARF"
}
probe "$T/byid/structs" "$T/root" build-id
probe "$T/bylink/structs" "$T/empty" debuglink

# Without its debug file the stripped copy names nothing; with a symbol
# table but no DWARF (--strip-debug), it has no types.
export BPFKIT_DEBUGINFO_PATH="$T/empty"
expect_bad_input "no debug file: no function" "$BPFKIT" funccount "$T/byid/structs:visit"
grep -q 'no function matches' "$T/bad.err" || fail "expected 'no function matches': $(cat "$T/bad.err")"
objcopy --strip-debug "$src" "$T/nodwarf" || fail "objcopy --strip-debug"
expect_bad_input "no debug file: no DWARF" "$BPFKIT" trace "$T/nodwarf:visit(struct outer *o) \"%d\", o->in->id"
grep -q 'has no DWARF types' "$T/bad.err" || fail "expected 'has no DWARF types': $(cat "$T/bad.err")"
echo PASS
