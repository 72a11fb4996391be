#!/bin/sh
# Per-event cost of funccount's counting probe vs a hand-written minimal
# counter (bench/handwritten), on the getpid tracepoint: a workload makes
# N getpid calls untraced, under each tracer, and the extra nanoseconds per
# call are compared.  Medians of RUNS.
#   bench/event_cost.sh [BPFKIT] [N] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-2000000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The baseline, built like bpfkit's own probes.
clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$here/../probes" -c "$here/handwritten/count.bpf.c" -o "$work/count.bpf.o"
bpftool gen skeleton "$work/count.bpf.o" name count_bpf >"$work/count.skel.h"
cc -O2 -I"$work" -o "$work/count" "$here/handwritten/count.c" -lbpf -lelf -lz
cat >"$work/loop.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
	long n = atol(argv[1]); struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) syscall(SYS_getpid);
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.2f\n", ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n);
	return 0;
}
C
cc -O2 -o "$work/loop" "$work/loop.c"

. "$here/lib.sh"
base=$(for i in $(seq "$runs"); do "$work/loop" "$n"; done | median)
hand=$(run_under "$work/loop" '^ready' "$work/count")
ours=$(run_under "$work/loop" '^Tracing' "$bpfkit" funccount t:syscalls:sys_enter_getpid)
echo "ns per getpid: untraced $base, hand-written counter $hand, bpfkit funccount $ours"
awk -v b="$base" -v h="$hand" -v o="$ours" 'BEGIN {
	printf "probe cost: hand-written %.1f ns, funccount %.1f ns, ratio %.2fx\n", h - b, o - b, (o - b) / (h - b) }'
