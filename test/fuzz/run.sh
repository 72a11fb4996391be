#!/bin/sh
# Builds the symbolizer's libFuzzer target with AddressSanitizer and UBSan
# (clang, shared libelf/libdw) and runs it for SECONDS (default 60) from a
# corpus of the test programs.  Not part of CI: test_symcorrupt is.
#   test/fuzz/run.sh [SECONDS]
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${BPFKIT_FUZZ_DIR:-/tmp/bpfkit-fuzz}
mkdir -p "$out/corpus"
clang -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I"$top" \
	"$top/test/fuzz/fuzz_symbolize.c" "$top"/symbolize/*.c \
	-lelf -ldw -llzma -lz -lstdc++ -o "$out/fuzz_symbolize"
# Seeds: small real ELF files with DWARF.
for f in "$top"/build/test/progs/*; do
	[ -f "$f" ] && [ "$(stat -c %s "$f")" -lt 2000000 ] && cp "$f" "$out/corpus/"
done
cd "$out"
./fuzz_symbolize -max_total_time="${1:-60}" -max_len=2000000 -rss_limit_mb=4096 corpus
