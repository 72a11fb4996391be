#!/bin/sh
# Builds a libFuzzer target with AddressSanitizer and UBSan (clang) and runs
# it for SECONDS (default 60) from seed inputs; any finding (a crash, a leak,
# undefined behaviour, an input that takes over 10 s or 2 GB) ends it with a
# non-zero status and the input saved in the work directory.  The san tier
# of test/run runs both targets for a bounded time.
#   test/fuzz/run.sh symbolize|tracespec [SECONDS] [PROGS-DIR]
# symbolize: the ELF/DWARF reader on ELF files (libiberty for Rust names), seeded with the test
# programs (PROGS-DIR, default build/test/progs); tracespec: the trace and
# argdist spec parser, seeded with the unit tests' good and bad specs.
# The mutations come from BPFKIT_FUZZ_SEED (default 1), so the suite's run
# is repeatable: it walks the inputs this seed makes, as far as its time
# allows, and a finding there is found again here.  Another seed (or
# BPFKIT_FUZZ_SEED=0, libFuzzer's own random one) explores further.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?usage: run.sh symbolize|tracespec [SECONDS] [PROGS-DIR]}
secs=${2:-60}
progs=${3:-$top/build/test/progs}
out=${BPFKIT_FUZZ_DIR:-/tmp/bpfkit-fuzz}/$target
rm -rf "$out/corpus"
mkdir -p "$out/corpus"
flags="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE -I$top"
case $target in
symbolize)
	# shellcheck disable=SC2086
	clang $flags "$top/test/fuzz/fuzz_symbolize.c" "$top"/symbolize/*.c \
		-lelf -ldw -llzma -lz -liberty -lstdc++ -o "$out/fuzz_symbolize"
	n=0
	for f in "$progs"/*; do
		[ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 2000000 ] && cp "$f" "$out/corpus/" && n=$((n + 1))
	done
	[ "$n" -gt 0 ] || { echo "run.sh: no seed ELF files in $progs" >&2; exit 1; }
	max_len=2000000
	;;
tracespec)
	# shellcheck disable=SC2086
	clang $flags "$top/test/fuzz/fuzz_tracespec.c" "$top/core/compiler/tracespec.c" "$top/core/pattern.c" \
		"$top/core/regexp.c" -o "$out/fuzz_tracespec"
	# One file per spec: the bad ones after their tab, the good ones
	# between the quotes of the unit test's tables.
	grep -v '^#' "$top/test/unit/data/bad_specs.txt" | cut -f2- | awk -v d="$out/corpus" \
		'{ f = sprintf("%s/bad%03d", d, NR); printf "%s", $0 > f; close(f) }'
	sed -n 's/^\t"\(.*\)",$/\1/p' "$top/test/unit/test_tracespec.c" | sed 's/\\"/"/g' | awk -v d="$out/corpus" \
		'{ f = sprintf("%s/good%03d", d, NR); printf "%s", $0 > f; close(f) }'
	max_len=4096
	;;
*)
	echo "run.sh: no fuzz target '$target' (symbolize or tracespec)" >&2
	exit 2
	;;
esac
cd "$out"
echo "run.sh: fuzzing $target for $secs s from $(ls corpus | wc -l) seed inputs, seed ${BPFKIT_FUZZ_SEED:-1}"
"./fuzz_$target" -seed="${BPFKIT_FUZZ_SEED:-1}" -max_total_time="$secs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 \
	-print_final_stats=1 corpus
