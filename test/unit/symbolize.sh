# The symbolizer against eu-addr2line: every instruction address of test
# programs built every way the symbolizer must handle (PIE and not, -O2
# with inlining, -O0, stripped with a .gnu_debuglink, stripped with only a
# build-id, MiniDebugInfo, C++), asked of both tools with -f -i, must get
# the same functions, inline chains and file:line.
set -eu
: "${BPFKIT:?}"
src=$(cd "$(dirname "$0")/data/sym" && pwd)
T=$(mktemp -d /tmp/bpfkit-sym.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in gcc g++ objcopy objdump eu-addr2line xz nm; do
	command -v $tool >/dev/null || fail "$tool is needed (packaging/deps.sh installs it)"
done

# Every instruction address inside a function (alignment padding between
# functions is in no stack, and eu-addr2line's answers there disagree with
# its own DWARF ranges).
addrs() {
	nm -S --defined-only "$1" | awk '$3 ~ /^[Tt]$/ && NF == 4 { print $1, $2 }' >"$T/funcs"
	objdump -d --no-show-raw-insn "$1" | awk -v funcs="$T/funcs" '
		function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
		BEGIN { while ((getline l < funcs) > 0) { split(l, f, " "); lo[++n] = hex(f[1]); hi[n] = lo[n] + hex(f[2]) } }
		/^ +[0-9a-f]+:/ { sub(":", "", $1); a = hex($1)
			for (i = 1; i <= n; i++) if (a >= lo[i] && a < hi[i]) { print "0x" $1; break } }'
}

# compare NAME ELF CODE [BPFKIT-ARGS] -- [EU-ARGS]: CODE is the file whose
# disassembly gives the addresses (ELF itself unless it is stripped).
compare() {
	name=$1 elf=$2 code=$3
	shift 3
	ours=""
	while [ "$1" != -- ]; do ours="$ours $1"; shift; done
	shift
	addrs "$code" >"$T/$name.addrs"
	n=$(wc -l <"$T/$name.addrs")
	[ "$n" -gt 50 ] || fail "$name: only $n addresses"
	# shellcheck disable=SC2086
	"$BPFKIT" sym -e "$elf" -a -f ${INL--i} $ours <"$T/$name.addrs" >"$T/$name.ours" ||
		fail "$name: bpfkit sym failed"
	# eu-addr2line exits 1 when some address has no line: not our concern.
	eu-addr2line -e "$elf" -a -f ${INL--i} "$@" <"$T/$name.addrs" >"$T/$name.eu" || true
	if ! cmp -s "$T/$name.ours" "$T/$name.eu"; then
		diff "$T/$name.eu" "$T/$name.ours" | head -20 >&2
		fail "$name: bpfkit sym and eu-addr2line differ"
	fi
	inl=$(grep -c ' inlined at ' "$T/$name.ours" || true)
	lines=$(grep -c ':[0-9]' "$T/$name.ours" || true)
	echo "ok: $name: $n addresses, $inl inlined, $lines with file:line"
}

c_srcs="$src/main.c $src/helpers.c"
gcc -O2 -g -fPIE -pie -o "$T/pie" $c_srcs
compare pie "$T/pie" "$T/pie" --
gcc -O2 -g -fno-PIE -no-pie -o "$T/nopie" $c_srcs
compare nopie "$T/nopie" "$T/nopie" --
gcc -O0 -g -o "$T/o0" $c_srcs
compare o0 "$T/o0" "$T/o0" --
# -O3 vectorizes the inlined loops into overlapping copies; there
# eu-addr2line -i names call sites that libdw's own dwarf_haspc() puts on
# another path (it disagrees with its library), so -O3 is compared on the
# innermost function and line only.
gcc -O3 -g -o "$T/o3" $c_srcs
INL= compare o3 "$T/o3" "$T/o3" --
gcc -O2 -g -gdwarf-4 -o "$T/dwarf4" $c_srcs
compare dwarf4 "$T/dwarf4" "$T/dwarf4" --

# Stripped, debug info beside it through .gnu_debuglink.
gcc -O2 -g -o "$T/linked" $c_srcs
cp "$T/linked" "$T/linked.code"
objcopy --only-keep-debug "$T/linked" "$T/linked.debug"
objcopy --strip-all --add-gnu-debuglink="$T/linked.debug" "$T/linked"
compare debuglink "$T/linked" "$T/linked.code" --
grep -q 'crunch' "$T/debuglink.ours" || fail "debuglink: local function names missing"
# The same named relative to the current directory: its debug file is
# found beside it there, not under /.
bk=$(realpath "$BPFKIT")
(cd "$T" && "$bk" sym -e linked -f "$(head -n 1 "$T/debuglink.addrs")") >"$T/rel.ours" ||
	fail "sym -e linked (a relative path)"
[ "$(cat "$T/rel.ours")" = "$(sed -n '2,3p' "$T/debuglink.ours")" ] ||
	fail "debuglink by a relative path: $(cat "$T/rel.ours"), not $(sed -n '2,3p' "$T/debuglink.ours")"
echo "ok: debuglink through a relative path"

# Stripped with nothing but its build-id; the debug file under a root.
gcc -O2 -g -Wl,--build-id -o "$T/bid" $c_srcs
cp "$T/bid" "$T/bid.code"
id=$(readelf -n "$T/bid" | awk '/Build ID/ { print $3 }')
mkdir -p "$T/root/.build-id/$(echo "$id" | cut -c1-2)"
objcopy --only-keep-debug "$T/bid" "$T/root/.build-id/$(echo "$id" | cut -c1-2)/$(echo "$id" | cut -c3-).debug"
objcopy --strip-all "$T/bid"
compare buildid "$T/bid" "$T/bid.code" --debuginfo-path="$T/root" -- --debuginfo-path="$T/root"
grep -q 'inlined at' "$T/buildid.ours" || fail "buildid: no inline chains from the separate file"

# C++, demangled.
g++ -O2 -g -o "$T/cxx" "$src/cxx.cc"
compare cxx "$T/cxx" "$T/cxx" -C -- -C
grep -q 'bk::over(double)' "$T/cxx.ours" || fail "cxx: demangled overload missing"

# MiniDebugInfo (as Fedora builds it): no DWARF, only a compressed .symtab
# of the local functions; names must still come out.
gcc -O2 -g -o "$T/mini" $c_srcs
nm -D "$T/mini" --format=posix --defined-only | awk '{ print $1 }' | sort >"$T/dynsyms"
nm "$T/mini" --format=posix --defined-only | awk '$2 ~ /[TtWw]/ { print $1 }' | sort >"$T/funcsyms"
comm -13 "$T/dynsyms" "$T/funcsyms" >"$T/keep"
objcopy --only-keep-debug "$T/mini" "$T/mini.dbg"
objcopy -S --remove-section .gdb_index --remove-section .comment --keep-symbols="$T/keep" "$T/mini.dbg" "$T/mini.small"
xz -f "$T/mini.small"
objcopy --strip-all --add-section .gnu_debugdata="$T/mini.small.xz" "$T/mini"
crunch=$(nm "$T/mini.dbg" | awk '$3 == "crunch" { print "0x" $1 }')
out=$("$BPFKIT" sym -e "$T/mini" -f "$crunch" | head -1)
[ "$out" = crunch ] || fail "minidebuginfo: crunch at $crunch named '$out'"
echo "ok: minidebuginfo: $crunch is crunch"

# A real shared library, with whatever debug information this machine has
# for it (Debian's libc6-dbg adds DWARF through its build-id): the start
# and middle of every exported function.
libc=$(readlink -f "$(gcc -print-file-name=libc.so.6)")
nm -D -S --defined-only "$libc" | awk '
	function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	$3 ~ /^[TtWwi]$/ && NF == 4 { a = hex($1); printf "0x%x\n0x%x\n", a, a + int(hex($2) / 2) }' | sort -u >"$T/libc.addrs"
"$BPFKIT" sym -e "$libc" -f -i <"$T/libc.addrs" >"$T/libc.ours"
eu-addr2line -e "$libc" -f -i <"$T/libc.addrs" >"$T/libc.eu" || true
cmp -s "$T/libc.ours" "$T/libc.eu" || { diff "$T/libc.eu" "$T/libc.ours" | head >&2; fail "libc differs"; }
echo "ok: libc: $(wc -l <"$T/libc.addrs") addresses, $(grep -c ' inlined at ' "$T/libc.ours" || true) inlined"

# Bad input: one line, non-zero exit.
for bad in "-e /nonexistent 0x10" "-e $T/pie zz" "-k -p 1 0x1" "0x1"; do
	# shellcheck disable=SC2086
	if "$BPFKIT" sym $bad >"$T/bad.out" 2>"$T/bad.err"; then fail "sym $bad: exit 0"; fi
	[ "$(wc -l <"$T/bad.err")" -eq 1 ] || fail "sym $bad: $(cat "$T/bad.err")"
	echo "ok: sym $bad -> $(cat "$T/bad.err")"
done
echo PASS
