#!/bin/sh
# Per-event cost of funccount's counting probe vs a hand-written minimal
# counter (bench/handwritten), on the getpid tracepoint: a workload makes
# N getpid calls untraced, under each tracer, and the extra nanoseconds per
# call are compared.  Medians of RUNS.
#   bench/event_cost.sh [BPFKIT] [N] [RUNS]
set -eu
. "$(dirname "$0")/lib.sh"
handwritten count
workload() { "$work/sysloop" "$n" getpid; }
base=$(untraced)
hand=$(run_under '^ready' "$work/load" "$work/count.bpf.o")
ours=$(run_under '^Tracing' "$bpfkit" funccount t:syscalls:sys_enter_getpid)
echo "ns per getpid: untraced $base, hand-written counter $hand, bpfkit funccount $ours"
awk -v b="$base" -v h="$hand" -v o="$ours" 'BEGIN {
	printf "probe cost: hand-written %.1f ns, funccount %.1f ns, ratio %.2fx\n", h - b, o - b, (o - b) / (h - b) }'
