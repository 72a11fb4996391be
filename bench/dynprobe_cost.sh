#!/bin/sh
# Per-event cost of probes argdist and trace compile at run time, against
# the same logic written in C and compiled by clang (bench/handwritten/
# dyn.bpf.c), on the read syscall's tracepoint: a workload makes N read(-1)
# calls (EBADF, cheap) untraced and under each, and the extra nanoseconds
# per call are compared.  Medians of RUNS.  Then the time from the command
# to a 3-probe trace being attached, bpfkit against bpftrace (which, like
# BCC, compiles with LLVM first).
#   bench/dynprobe_cost.sh [BPFKIT] [N] [RUNS]
set -eu
. "$(dirname "$0")/lib.sh"
handwritten dyn
workload() { "$work/sysloop" "$n" read; }
base=$(untraced)
echo "ns per read(-1): untraced $base"
printf '%-34s %10s %10s %8s\n' probe hand_ns bpfkit_ns ratio
compare() { # NAME HAND-PROG BPFKIT-ARGS...
	name=$1 prog=$2
	shift 2
	hand=$(run_under '^ready' "$work/load" "$work/dyn.bpf.o" "$prog")
	ours=$(run_under '^(Tracing|PID)' "$bpfkit" "$@")
	awk -v nm="$name" -v b="$base" -v h="$hand" -v o="$ours" \
		'BEGIN { printf "%-34s %10.1f %10.1f %7.2fx\n", nm, h - b, o - b, (o - b) / (h - b) }'
}
compare "argdist -C (count per value)" by_count argdist -i 600 -C 't:syscalls:sys_enter_read():u64:args->count'
compare "argdist -H (log2 histogram)" log2_hist argdist -i 600 -H 't:syscalls:sys_enter_read():u64:args->count'
compare "trace, predicate never true" never trace 't:syscalls:sys_enter_read (args->count == 12345) "%d", args->count'

cc -O2 -o "$work/ready" "$here/ready.c"
libc=/lib/x86_64-linux-gnu/libc.so.6
echo
echo "time to attached, 3 probes (2 tracepoints, 1 uretprobe), median of $runs:"
printf '%-20s %10s %12s\n' impl ready_ms peak_rss_mb
printf '%-20s %10s %12s\n' bpfkit $("$work/ready" "$runs" '^PID' "$bpfkit" trace \
	't:syscalls:sys_enter_openat "%s", args->filename' 't:syscalls:sys_enter_close "%d", args->fd' \
	'r:c:malloc (retval == 0) "malloc failed"')
if command -v bpftrace >/dev/null; then
	printf '%-20s %10s %12s\n' "bpftrace $(bpftrace --version | awk '{print $2}')" $("$work/ready" "$runs" '^ready' bpftrace -e \
		'tracepoint:syscalls:sys_enter_openat { printf("%s\n", str(args->filename)); }
		 tracepoint:syscalls:sys_enter_close { printf("%d\n", args->fd); }
		 uretprobe:'"$libc"':malloc /retval == 0/ { printf("malloc failed\n"); }
		 BEGIN { printf("ready\n"); }')
fi
