# tplist's tracepoints against tracefs itself, read here independently:
# every category:event directory once, sorted; -v a tracepoint's fields as
# its format file declares them (the common_ ones left out); -j the same
# fields with their offsets; bad input refused in one line.
. "$TESTLIB"

"$BPFKIT" tplist >"$T/all.out" 2>"$T/all.err" || fail "tplist exited $?"
for TFS in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -d "$TFS/events/sched" ] && break
done
[ -d "$TFS/events/sched/sched_switch" ] || fail "no sched:sched_switch in tracefs after tplist ran (mounted?)"

# Every event directory, as category:event, in strcmp order.
for d in "$TFS"/events/*/*/; do
	d=${d%/}
	e=${d##*/}
	c=${d%/*}
	echo "${c##*/}:$e"
done | LC_ALL=C sort >"$T/want_all"
cmp -s "$T/want_all" "$T/all.out" || { diff "$T/want_all" "$T/all.out" | head -20 >&2; fail "tplist is not tracefs' list of events"; }
echo "ok: $(wc -l <"$T/all.out") tracepoints, as tracefs has them"

# A filter is a glob on the whole category:event.
"$BPFKIT" tplist 'sched:*' >"$T/sched.out" || fail "tplist 'sched:*'"
grep '^sched:' "$T/want_all" >"$T/want_sched"
cmp -s "$T/want_sched" "$T/sched.out" || fail "tplist 'sched:*' is not events/sched"
"$BPFKIT" tplist '*:sched_switch' >"$T/glob.out" || fail "tplist '*:sched_switch'"
[ "$(cat "$T/glob.out")" = "sched:sched_switch" ] || fail "'*:sched_switch' gave: $(cat "$T/glob.out")"
"$BPFKIT" tplist 'nosuchcategory:*' >"$T/none.out" || fail "a filter matching nothing exited $?"
[ ! -s "$T/none.out" ] || fail "a filter matching nothing printed: $(cat "$T/none.out")"

# -v: "    TYPE NAME;" per field line of the format file, its words as they
# are there, common_ fields left out.
fields() {
	sed -n 's/^[[:space:]]*field:\([^;]*\);.*/\1/p' "$TFS/events/$1/$2/format" |
		tr -s ' \t' '  ' | grep -v ' common_[a-z_]*$' | sed 's/^/    /; s/$/;/'
}
n=0
for tp in sched:sched_switch sched:sched_process_exec sched:sched_process_exit syscalls:sys_enter_openat; do
	cat=${tp%%:*} ev=${tp#*:}
	[ -f "$TFS/events/$cat/$ev/format" ] || continue
	{ echo "$tp"; fields "$cat" "$ev"; } >"$T/want_v"
	"$BPFKIT" tplist -v "$tp" >"$T/v.out" || fail "tplist -v $tp"
	cmp -s "$T/want_v" "$T/v.out" || { diff "$T/want_v" "$T/v.out" >&2; fail "tplist -v $tp is not its format file's fields"; }
	[ "$(grep -c '^    ' "$T/v.out")" -gt 0 ] || fail "$tp: no fields"
	n=$((n + 1))
done
[ "$n" -ge 2 ] || fail "only $n of the tracepoints to compare exist"
"$BPFKIT" tplist -v sched:sched_switch | grep -qx '    char prev_comm\[16\];' || fail "sched_switch: no 'char prev_comm[16];'"
echo "ok: -v fields of $n tracepoints as their format files declare them"

# -j -v: one object, its fields with the format file's offsets.
"$BPFKIT" tplist -j -v sched:sched_switch >"$T/j.out" || fail "tplist -j -v"
[ "$(wc -l <"$T/j.out")" -eq 1 ] || fail "-j: expected one line"
expect_grep '^\{"tracepoint": "sched:sched_switch", "category": "sched", "event": "sched_switch", "fields": \[' "$T/j.out"
off=$(sed -n 's/.*field:pid_t next_pid;[[:space:]]*offset:\([0-9]*\);.*/\1/p' "$TFS/events/sched/sched_switch/format")
[ -n "$off" ] || fail "no next_pid in sched_switch's format"
expect_grep "\{\"type\": \"pid_t\", \"name\": \"next_pid\", \"offset\": $off, \"size\": 4, \"signed\": true\}" "$T/j.out"
want=$(fields sched sched_switch | wc -l)
[ "$(grep -o '"name": ' "$T/j.out" | wc -l)" -eq "$want" ] || fail "-j: not $want fields"
"$BPFKIT" tplist -j 'sched:sched_switch' >"$T/j0.out"
[ "$(cat "$T/j0.out")" = '{"tracepoint": "sched:sched_switch", "category": "sched", "event": "sched_switch"}' ] ||
	fail "-j without -v: $(cat "$T/j0.out")"

printf 'not an ELF file\n' >"$T/text"
expect_bad_input "an unclosed bracket" "$BPFKIT" tplist 'sched:[abc'
expect_bad_input "a trailing backslash" "$BPFKIT" tplist 'sched:\'
expect_bad_input "two filters" "$BPFKIT" tplist 'sched:*' 'irq:*'
expect_bad_input "an unknown PID" "$BPFKIT" tplist -p 999999999
expect_bad_input "a missing library" "$BPFKIT" tplist -l /nonexistent/libnothing.so
expect_bad_input "a library name that is nowhere" "$BPFKIT" tplist -l nosuchlibraryatall
expect_bad_input "a file that is not ELF" "$BPFKIT" tplist -l "$T/text"
grep -q 'not an ELF file' "$T/bad.err" || fail "the non-ELF file's line does not say so"
echo PASS
