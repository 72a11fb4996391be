# tplist's USDT probes against readelf -n's reading of the same notes:
# Debian's python3.11 and OpenJDK 17's libjvm.so, by path (-l), by name
# and through a running python3.11's mappings (-p): the same probes in the
# same order, the same semaphores, locations and argument counts.
# vm: skip (the guests have no python3.11 or JVM)
. "$TESTLIB"

PY=/usr/bin/python3.11
JVM=/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so
[ -x "$PY" ] || fail "no $PY (Debian's python3.11)"
[ -f "$JVM" ] || fail "no $JVM (openjdk-17-jre-headless)"
command -v readelf >/dev/null || fail "no readelf (binutils)"

# One line per stapsdt note: "provider:name location semaphore nargs",
# addresses without leading zeros (as tplist prints them).
notes() {
	readelf -n "$1" | awk '
	function hex(s) { sub(/,$/, "", s); sub(/^0x0*/, "", s); return "0x" (s == "" ? "0" : s) }
	function flush() { if (have) print prov ":" name, loc, sema, nargs; have = 0 }
	/^ +Provider: / { flush(); prov = $2; have = 1; nargs = 0 }
	/^ +Name: / { name = $2 }
	/^ +Location: / { loc = hex($2); sema = hex($6) }
	/^ +Arguments:/ { nargs = NF - 1 }
	END { flush() }'
}
# What tplist prints for a file: the probes once each in the order of
# their first note; with -v the first non-zero semaphore, the number of
# notes and the first note's arguments; with -vv every note's location and
# its argument lines (their text is BCC's reading, checked apart).
expect_plain() {
	notes "$1" | awk -v path="$2" '!seen[$1]++ { print path, $1 }'
}
expect_v() {
	notes "$1" | awk '
	!($1 in n) { order[++k] = $1; args[$1] = $4 }
	{ n[$1]++; if (!($1 in sema) || sema[$1] == "0x0") sema[$1] = $3 }
	END { for (i = 1; i <= k; i++) { p = order[i]
		printf "%s [sema %s]\n  %d location(s)\n  %d argument(s)\n", p, sema[p], n[p], args[p] } }'
}
expect_vv() {
	notes "$1" | awk -v path="$1" '
	!($1 in n) { order[++k] = $1 }
	{ n[$1]++; if (!($1 in sema) || sema[$1] == "0x0") sema[$1] = $3; loc[$1, n[$1]] = $2; na[$1, n[$1]] = $4 }
	END { for (i = 1; i <= k; i++) { p = order[i]; printf "%s [sema %s]\n", p, sema[p]
		for (l = 1; l <= n[p]; l++) { printf "  location #%d %s %s\n", l, path, loc[p, l]
			for (a = 1; a <= na[p, l]; a++) printf "    argument #%d\n", a } } }'
}
vv_shape() {
	sed 's/^\(    argument #[0-9]*\) .*/\1/'
}

check_file() {
	f=$1
	expect_plain "$f" "$f" >"$T/want.txt"
	[ -s "$T/want.txt" ] || fail "readelf -n finds no probes in $f"
	"$BPFKIT" tplist -l "$f" >"$T/l.out" || fail "tplist -l $f"
	cmp -s "$T/want.txt" "$T/l.out" || { diff "$T/want.txt" "$T/l.out" | head >&2; fail "tplist -l $f is not readelf's probes"; }
	expect_v "$f" >"$T/want_v.txt"
	"$BPFKIT" tplist -v -l "$f" >"$T/v.out" || fail "tplist -v -l $f"
	cmp -s "$T/want_v.txt" "$T/v.out" || { diff "$T/want_v.txt" "$T/v.out" | head >&2; fail "tplist -v -l $f: semaphores or counts differ from readelf's"; }
	expect_vv "$f" >"$T/want_vv.txt"
	"$BPFKIT" tplist -vv -l "$f" >"$T/vv.out" || fail "tplist -vv -l $f"
	vv_shape <"$T/vv.out" >"$T/vv_shape"
	cmp -s "$T/want_vv.txt" "$T/vv_shape" || { diff "$T/want_vv.txt" "$T/vv_shape" | head >&2; fail "tplist -vv -l $f: locations or arguments differ from readelf's"; }
	echo "ok: $f: $(wc -l <"$T/l.out") probes, $(grep -c '^  location #' "$T/vv.out") locations, as readelf -n has them"
}

check_file "$PY"
expect_grep "^$PY python:function__entry$" "$T/l.out"
check_file "$JVM"
expect_grep "^$JVM hotspot:gc__begin$" "$T/l.out"

# BCC's words for where arguments are, for the forms these files have:
# registers of every width by their 64-bit name, memory at a register plus
# an offset, constants.
readelf -n "$PY" | grep -q 'Arguments: -4@112(%rsp)$' || fail "python3.11's gc__start is not -4@112(%rsp) here"
"$BPFKIT" tplist -vv -l "$PY" 'python:gc__start' >"$T/gc.out"
expect_grep '^    argument #1 4 signed   bytes @ \*\(sp \+ 112\)$' "$T/gc.out"
"$BPFKIT" tplist -vv -l "$PY" 'python:line' >"$T/line.out"
readelf -n "$PY" | grep -A3 'Name: line$' | grep -q 'Arguments: 8@%r14 8@%rax -4@%ebp$' || fail "python3.11's line probe has other arguments here"
printf '    argument #1 8 unsigned bytes @ r14\n    argument #2 8 unsigned bytes @ ax\n    argument #3 4 signed   bytes @ bp\n' >"$T/want_line"
grep '^    argument' "$T/line.out" | cmp -s - "$T/want_line" || fail "python:line's arguments: $(cat "$T/line.out")"

# By name, as BCC takes them: a library first (libpython3.11.so, where
# libpython3.11-dev is installed), else the program found in PATH.
PATH=/usr/bin:$PATH "$BPFKIT" tplist -l python3.11 'python:*' >"$T/name.out" || fail "tplist -l python3.11"
named=$(head -n 1 "$T/name.out" | cut -d' ' -f1)
case $named in
*/libpython3.11.so | "$PY") ;;
*) fail "tplist -l python3.11 found '$named'" ;;
esac
expect_plain "$named" "$named" | cmp -s - "$T/name.out" || fail "tplist -l python3.11 (by name) is not $named's probes"

# -j -vv: the counts and specs as the note has them.
nargs=$(notes "$PY" | awk '$1 == "python:function__entry" { print $4; exit }')
"$BPFKIT" tplist -j -vv -l "$PY" 'python:function__entry' >"$T/j.out" || fail "tplist -j -vv"
[ "$(wc -l <"$T/j.out")" -eq 1 ] || fail "-j: expected one object"
expect_grep "^\{\"path\": \"$PY\", \"probe\": \"python:function__entry\", \"provider\": \"python\", \"name\": \"function__entry\", \"semaphore\": \"0x[0-9a-f]+\", \"location_count\": 1, \"argument_count\": $nargs, \"locations\": \[\{\"address\": \"0x[0-9a-f]+\", \"arguments\": \[" "$T/j.out"
[ "$(grep -o '"spec": ' "$T/j.out" | wc -l)" -eq "$nargs" ] || fail "-j: not $nargs argument specs"

# -p: every file the running interpreter maps, readelf'd here in the order
# of its mappings; the libraries (libc, libm, ...) have no probes in
# bookworm, so this is python's list again, and must be nothing more.
gated_ready "$PY" -c 'import sys; print("ready", flush=True); sys.stdin.read()'
awk '$6 ~ /^\// && !seen[$6]++ { print $6 }' "/proc/$PROG_PID/maps" >"$T/maps"
: >"$T/want_p"
while read -r f; do
	[ -f "$f" ] && head -c 4 "$f" | grep -q ELF && expect_plain "$f" "$f" >>"$T/want_p"
done <"$T/maps"
grep -qx "$PY" "$T/maps" || fail "python3.11 is not in its own maps"
"$BPFKIT" tplist -p "$PROG_PID" >"$T/p.out" || fail "tplist -p"
cmp -s "$T/want_p" "$T/p.out" || { diff "$T/want_p" "$T/p.out" >&2; fail "tplist -p is not the probes of the process's mapped files"; }
grep -q "^$PY python:function__entry$" "$T/p.out" || fail "tplist -p: no python:function__entry"
"$BPFKIT" tplist -p "$PROG_PID" -l python3.11 'python:function*' >"$T/pl.out" || fail "tplist -p -l"
printf '%s python:function__entry\n%s python:function__return\n' "$PY" "$PY" | cmp -s - "$T/pl.out" ||
	fail "tplist -p PID -l python3.11 'python:function*': $(cat "$T/pl.out")"
echo "ok: -p $PROG_PID: $(wc -l <"$T/p.out") probes in $(wc -l <"$T/maps") mapped files"

expect_bad_input "-p with a library the process does not map and that is nowhere" "$BPFKIT" tplist -p "$PROG_PID" -l nosuchlibraryatall
echo PASS
