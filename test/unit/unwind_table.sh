# bpfkit sym --unwind-table against binutils' readelf --debug-dump=frames-interp:
# every row readelf prints for Debian's libc and for a test program built
# -O2 -fomit-frame-pointer must find, in our table, a row covering its
# address with the same CFA rule, return-address rule and saved-RBP rule
# (readelf's "exp" CFA is a PLT entry, a signal frame or unsupported for
# us).  Also: the PLT's expression is recognised, --json carries the same
# rows, and damaged files get one error line and exit 1.
set -eu
: "${BPFKIT:?}"
progs=$(cd "$(dirname "$BPFKIT")" && pwd)/test/progs
T=$(mktemp -d /tmp/bpfkit-unwind.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v readelf >/dev/null || fail "readelf is needed (binutils; packaging/deps.sh installs it)"
command -v python3 >/dev/null || fail "python3 is needed"

# readelf's rows as "ADDR cfa=... ra=... rbp=...", addresses 16 hex digits;
# an FDE without rows of its own has its CIE's first row.
theirs() {
	readelf --debug-dump=frames-interp "$1" | awk '
	function pad(h) { return substr("0000000000000000", 1, 16 - length(h)) h }
	function reg(v, none) { if (v == "" || v == "u") return none; if (v == "s") return "same"
		if (v ~ /^c[-+][0-9]+$/) return "cfa" substr(v, 2); return "unsupported" }
	# Ours: the CFA from RSP or RBP with the return address at CFA-8, the
	# end of the stack where the return address is undefined, else
	# unsupported (readelf: "exp" is a PLT entry, a signal frame or that).
	function rule(cfa, ra, rb) {
		if (cfa == "exp") return "exp"
		if (ra == "u") return "cfa=end"
		if (cfa !~ /^(rsp|rbp)[-+][0-9]+$/ || ra != "c-8") return "cfa=unsupported"
		return "cfa=" cfa " ra=cfa-8 rbp=" reg(rb, "same") }
	function flush() { if (fde && !rows && (cie in cierow)) print pad(lo), cierow[cie]; rows = 0 }
	{ gsub(/ \([a-z0-9]+\)/, "") }
	$4 == "CIE" { flush(); fde = 0; incie = $1; next }
	$4 == "FDE" { flush(); fde = 1; cie = substr($5, 5); lo = $6; sub(/^pc=/, "", lo); sub(/\.\..*/, "", lo)
		sub(/^0+/, "", lo); if (lo == "") lo = "0"; next }
	$1 == "LOC" { ncol = NF; for (i = 1; i <= NF; i++) col[$i] = i; next }
	$1 ~ /^[0-9a-f]+$/ && NF >= 2 && ncol {
		ra = ("ra" in col) ? $(col["ra"]) : ""; rb = ("rbp" in col) ? $(col["rbp"]) : ""
		a = $1; sub(/^0+/, "", a); if (a == "") a = "0"
		if (!fde) { if (!(incie in cierow)) cierow[incie] = rule($2, ra, rb); next }
		rows++; print pad(a), rule($2, ra, rb); next }
	/^$/ { ncol = 0; split("", col) }
	END { flush() }' | sort -u
}

# compare NAME FILE MIN [CFI-FILE]: every readelf row (of CFI-FILE, default
# FILE) inside one of our rows, with its rules; at least MIN of them.
compare() {
	"$BPFKIT" sym --unwind-table -e "$2" >"$T/$1.ours" || fail "$1: bpfkit sym --unwind-table failed"
	theirs "${4:-$2}" >"$T/$1.theirs"
	{
		sed '$d' "$T/$1.ours" | awk '{ split($1, r, "-"); s = substr(r[1], 3); e = substr(r[2], 3)
			s = substr("0000000000000000", 1, 16 - length(s)) s; e = substr("0000000000000000", 1, 16 - length(e)) e
			$1 = ""; print s, "A", e substr($0, 1) }'
		awk '{ a = $1; $1 = ""; print a, "B" $0 }' "$T/$1.theirs"
	} | sort -k1,1 -k2,2 | awk -v name="$1" '
		# Addresses compared as strings: "00270e7" would read as a number.
		function bad(why) { if (++nbad <= 20) print name ": " why }
		$2 == "A" { s = "x" $1; e = "x" $3; rule = $4 " " $5 " " $6; sub(/ +$/, "", rule); next }
		{ n++; a = "x" $1; want = $3 " " $4 " " $5; sub(/ +$/, "", want)
		  if (s == "" || a < s || a >= e) { bad("readelf has a row at 0x" $1 " (" want ") that no row of ours covers"); next }
		  if (want == "exp") { if (rule !~ /^cfa=(plt|signal|unsupported)/) bad("0x" $1 ": readelf has an expression, we have " rule); next }
		  if (rule != want) bad("0x" $1 ": readelf " want ", ours " rule) }
		END { print n + 0, nbad + 0 > "/dev/stderr"; exit nbad > 0 }' 2>"$T/$1.count" ||
		{ head -20 "$T/$1.count"; fail "$1: rows differ from readelf's"; }
	n=$(tail -1 "$T/$1.count" | cut -d' ' -f1)
	[ "$n" -ge "$3" ] || fail "$1: only $n readelf rows compared"
	echo "ok $1: $n readelf rows equal ours ($(tail -1 "$T/$1.ours"))"
}

compare libc /lib/x86_64-linux-gnu/libc.so.6 10000
compare chain_nofp_dyn "$progs/chain_nofp_dyn" 15
grep -q 'cfa=rsp+2[0-9][0-9][0-9] ' "$T/chain_nofp_dyn.ours" ||
	fail "chain_nofp_dyn: no row with run()'s CFA of rsp+2000-odd (a frame with no frame pointer)"

# Without .eh_frame: .debug_frame, in the file or in its separate debug
# file (compressed, found by .gnu_debuglink).
cat >"$T/df.c" <<'C'
#include <stdio.h>
__attribute__((noinline)) int leaf(int x) { char b[64]; snprintf(b, sizeof(b), "%d", x); return b[0]; }
int main(int argc, char **argv) { (void)argv; return leaf(argc); }
C
gcc -O2 -g -fomit-frame-pointer -fno-asynchronous-unwind-tables -fno-unwind-tables "$T/df.c" -o "$T/df.full"
objcopy -R .eh_frame -R .eh_frame_hdr "$T/df.full" "$T/df"
compare debug_frame "$T/df" 3
grep -q 'from \.debug_frame in' "$T/debug_frame.ours" || fail "debug_frame: not read from .debug_frame"
objcopy --only-keep-debug --compress-debug-sections "$T/df" "$T/df.debug" 2>/dev/null
objcopy --strip-debug --add-gnu-debuglink="$T/df.debug" "$T/df" "$T/df.stripped"
compare debug_file "$T/df.stripped" 3 "$T/df"
grep -q 'from debug file in' "$T/debug_file.ours" || fail "debug_file: not read from the separate debug file"

# The PLT: its 16-byte entries' expression, as a row of its own kind that
# covers every entry.
plt=$(readelf -SW "$progs/chain_nofp_dyn" | awk '$2 == ".plt" { print $4 }')
[ -n "$plt" ] || fail "chain_nofp_dyn has no .plt"
"$BPFKIT" sym --unwind-table -e "$progs/chain_nofp_dyn" "$(printf '%x' $((0x$plt + 16)))" >"$T/plt" ||
	fail "no row for the first PLT entry"
grep -q '^0x[0-9a-f]*-0x[0-9a-f]* cfa=plt(rsp+8,11) ra=cfa-8 rbp=same$' "$T/plt" ||
	fail "the PLT entry's row is not the PLT kind: $(cat "$T/plt")"
grep -q 'cfa=plt(rsp+8,11)' "$T/libc.ours" || fail "libc's PLT row not recognised"

# --json: the same rows, and a summary with the counts the text gives.
"$BPFKIT" sym --unwind-table --json -e "$progs/chain_nofp_dyn" >"$T/json"
python3 - "$T/json" "$T/chain_nofp_dyn.ours" <<'PY' || fail "--json differs from the text"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
text = open(sys.argv[2]).read().splitlines()
rows, summary = lines[:-1], lines[-1]["summary"]
assert len(rows) == len(text) - 1, (len(rows), len(text))
for r, t in zip(rows, text):
    assert t.startswith("%s-%s cfa=" % (r["start"], r["end"])), (r, t)
    if r["cfa"] == "plt":
        assert "cfa=plt(rsp%+d,%d)" % (r["cfa_offset"], r["plt_min"]) in t, (r, t)
    elif r["cfa"] in ("rsp", "rbp"):
        assert "cfa=%s%+d " % (r["cfa"], r["cfa_offset"]) in t, (r, t)
assert summary["bytes"] == 16 * summary["rows"] and summary["fdes"] > 5 and summary["source"] == ".eh_frame"
assert "%d rows (%d holes" % (summary["rows"], summary["holes"]) in text[-1], text[-1]
PY

# Damaged files: one line on stderr, exit 1, nothing on stdout.
bad() {
	if "$BPFKIT" sym --unwind-table -e "$2" >"$T/out" 2>"$T/err"; then fail "$1: exit 0"; fi
	[ "$(wc -l <"$T/err")" -eq 1 ] || fail "$1: not one error line: $(cat "$T/err")"
	[ ! -s "$T/out" ] || fail "$1: printed rows"
	echo "ok $1: $(cat "$T/err")"
}
head -c 3000 "$progs/chain_nofp_dyn" >"$T/truncated"
bad truncated "$T/truncated"
# Every byte of .eh_frame 0xff: the first entry's length runs past the section.
python3 - "$progs/chain_nofp_dyn" "$T/bogus" <<'PY'
import subprocess, sys
data = bytearray(open(sys.argv[1], "rb").read())
for l in subprocess.run(["readelf", "-SW", sys.argv[1]], capture_output=True, text=True).stdout.splitlines():
    f = l.replace("[ ", "[").split()
    if len(f) > 5 and f[1] == ".eh_frame":
        off, size = int(f[4], 16), int(f[5], 16)
        data[off:off + size] = b"\xff" * size
open(sys.argv[2], "wb").write(data)
PY
bad bogus-eh_frame "$T/bogus"
bad not-elf /etc/hostname
if "$BPFKIT" sym --unwind-table 0x10 2>"$T/err"; then fail "--unwind-table without -e: exit 0"; fi
echo "ok"
