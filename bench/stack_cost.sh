#!/bin/sh
# Per-event cost of counting kernel stacks at the read syscall's tracepoint:
# bpfkit's stackcount (stacks kept by a 64-bit hash of their frames, which
# never loses a stack to a bucket collision) against the classic stack-trace
# map with bpf_get_stackid (what BCC's stackcount does) and bpfkit's store,
# each in a minimal hand-written counter (bench/handwritten/stackid.bpf.c),
# and bpftrace's @[kstack] = count().  A workload makes N
# read(-1) calls untraced and under each; extra ns per call, medians of RUNS.
#   bench/stack_cost.sh [BPFKIT] [N] [RUNS]
set -eu
. "$(dirname "$0")/lib.sh"
handwritten stackid
workload() { "$work/sysloop" "$n" read; }
base=$(untraced)
echo "ns per read(-1): untraced $base"
printf '%-40s %10s\n' impl extra_ns
row() { # NAME READY-REGEX TRACER...
	name=$1 re=$2
	shift 2
	awk -v nm="$name" -v b="$base" -v t="$(run_under "$re" "$@")" 'BEGIN { printf "%-40s %10.1f\n", nm, t - b }'
}
row "hand: stack-trace map, get_stackid" '^ready' "$work/load" "$work/stackid.bpf.o" by_stackid
row "hand: 64-bit hash store (bpfkit's)" '^ready' "$work/load" "$work/stackid.bpf.o" by_hash
row "bpfkit stackcount -K" '^Tracing' "$bpfkit" stackcount -K t:syscalls:sys_enter_read
if command -v bpftrace >/dev/null; then
	row "bpftrace $(bpftrace --version | awk '{print $2}') @[kstack]=count()" '^ready' stdbuf -oL bpftrace -e \
		'tracepoint:syscalls:sys_enter_read { @[kstack] = count(); } BEGIN { printf("ready\n"); }'
fi
