#!/bin/sh
# Symbolizer throughput: addresses per second and peak RSS for bpfkit sym,
# elfutils' eu-addr2line and binutils' addr2line, all with -f -i (function
# names and inline chains) on the same addresses of a large binary with
# DWARF: libc.so.6 with Debian's libc6-dbg (its debug file found by
# build-id by all three), or any ELF given.  Also checks that bpfkit and
# eu-addr2line print the same frames.
#   bench/symbolize.sh [BPFKIT] [N-ADDRESSES] [ELF]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-200000}
elf=${3:-$(readlink -f "$(gcc -print-file-name=libc.so.6)")}
for t in eu-addr2line addr2line nm /usr/bin/time; do
	command -v "$t" >/dev/null || { echo "symbolize.sh: needs $t" >&2; exit 1; }
done
w=$(mktemp -d /tmp/bpfkit-symbench.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$w"' EXIT
# N addresses spread over every sized function (text symbols of the file or
# its debug file), in random order, fixed seed.
nm -S --defined-only "$elf" 2>/dev/null | awk '$3 ~ /^[Tt]$/ && NF == 4' >"$w/funcs"
[ -s "$w/funcs" ] || nm -D -S --defined-only "$elf" | awk '$3 ~ /^[TtWwi]$/ && NF == 4' >"$w/funcs"
awk -v n="$n" 'function hex(s,  i, v) { v = 0; for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1; return v }
	{ lo[NR] = hex($1); sz[NR] = hex($2) } END { srand(42); for (i = 0; i < n; i++) { k = 1 + int(rand() * NR); printf "0x%x\n", lo[k] + int(rand() * sz[k]) } }' \
	"$w/funcs" >"$w/addrs"
echo "$(basename "$elf"): $(wc -l <"$w/funcs") functions, $n addresses"
printf '%-14s %10s %12s %12s\n' tool seconds addrs_per_s peak_rss_mb
run() { # name command...
	name=$1
	shift
	/usr/bin/time -f '%e %M' -o "$w/$name.time" "$@" -e "$elf" -f -i <"$w/addrs" >"$w/$name.out" 2>/dev/null || true
	read -r secs kb <"$w/$name.time"
	awk -v t="$name" -v s="$secs" -v kb="$kb" -v n="$n" \
		'BEGIN { printf "%-14s %10.2f %12.0f %12.1f\n", t, s, (s > 0 ? n / s : 0), kb / 1024 }'
	echo "$secs $kb" >"$w/$name.num"
}
run bpfkit "$bpfkit" sym
run eu-addr2line eu-addr2line
run addr2line addr2line
read -r bs bk <"$w/bpfkit.num"
read -r es ek <"$w/eu-addr2line.num"
read -r as ak <"$w/addr2line.num"
awk -v bs="$bs" -v es="$es" -v as="$as" -v bk="$bk" -v ek="$ek" -v ak="$ak" 'BEGIN {
	printf "speedup vs eu-addr2line %.1fx, vs addr2line %.1fx; RSS %.2fx and %.2fx of theirs\n",
		es / bs, as / bs, bk / ek, bk / ak }'
if cmp -s "$w/bpfkit.out" "$w/eu-addr2line.out"; then
	echo "bpfkit and eu-addr2line: identical output ($(grep -c ' inlined at ' "$w/bpfkit.out" || true) inlined addresses)"
else
	echo "bpfkit and eu-addr2line differ on $(diff "$w/eu-addr2line.out" "$w/bpfkit.out" | grep -c '^[<>]') lines:"
	diff "$w/eu-addr2line.out" "$w/bpfkit.out" | head -6
fi
