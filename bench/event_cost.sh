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
cc -O2 -o "$work/sysloop" "$here/sysloop.c"
workload() { "$work/sysloop" "$n" getpid; }

. "$here/lib.sh"
base=$(for i in $(seq "$runs"); do workload; done | median)
hand=$(run_under '^ready' "$work/count")
ours=$(run_under '^Tracing' "$bpfkit" funccount t:syscalls:sys_enter_getpid)
echo "ns per getpid: untraced $base, hand-written counter $hand, bpfkit funccount $ours"
awk -v b="$base" -v h="$hand" -v o="$ours" 'BEGIN {
	printf "probe cost: hand-written %.1f ns, funccount %.1f ns, ratio %.2fx\n", h - b, o - b, (o - b) / (h - b) }'
