#!/bin/sh
# What sampling user stacks at HZ (default 99) on every CPU costs a
# CPU-bound workload: the workload's wall time untraced, under `bpfkit
# profile -F HZ -U`, and under bpftrace's `profile:hz:HZ { @[ustack] =
# count(); }` (medians of RUNS), plus each tracer's own CPU time meanwhile.
# A high HZ magnifies the per-sample cost that 99 Hz hides in noise.
#   bench/profile_overhead.sh [BPFKIT] [RUNS] [ITERATIONS] [HZ]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
runs=${2:-5}
iters=${3:-3000000000}
hz_sample=${4:-99}
[ "$(id -u)" -eq 0 ] || { echo "profile_overhead.sh: run as root" >&2; exit 1; }
command -v bpftrace >/dev/null || { echo "profile_overhead.sh: needs bpftrace" >&2; exit 1; }
w=$(mktemp -d /tmp/bpfkit-prof.XXXXXX)
trap 'rm -rf "$w"; kill $tracer 2>/dev/null || true' EXIT
tracer=""
cc -O2 -pthread -fno-omit-frame-pointer -o "$w/cpuwork" "$here/cpuwork.c"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

measure() { # NAME READY-REGEX COMMAND...
	name=$1 ready=$2
	shift 2
	if [ "$name" != untraced ]; then
		"$@" >"$w/$name.out" 2>&1 &
		tracer=$!
		until grep -Eq "$ready" "$w/$name.out" 2>/dev/null; do
			kill -0 "$tracer" 2>/dev/null || { echo "bench: $name ended before it was ready: $(cat "$w/$name.out")" >&2; exit 1; }
			sleep 0.1
		done
		t0=$(cpu_ticks "$tracer")
	fi
	i=0
	while [ $i -lt "$runs" ]; do "$w/cpuwork" "$iters"; i=$((i + 1)); done >"$w/$name.times"
	cpu=0
	if [ "$name" != untraced ]; then
		cpu=$(( $(cpu_ticks "$tracer") - t0 ))
		kill -INT "$tracer"
		wait "$tracer" || true
		tracer=""
	fi
	echo "$name $(median <"$w/$name.times") $cpu"
}

{
	measure untraced ''
	measure bpfkit '^Sampling' "$bpfkit" profile -F "$hz_sample" -U
	measure bpftrace '^Attaching' bpftrace -e "profile:hz:$hz_sample { @[ustack] = count(); }"
} >"$w/results"
hz=$(getconf CLK_TCK)
echo "sampling at $hz_sample Hz on $(nproc) CPUs, workload: $runs runs, median"
printf '%-10s %12s %10s %16s\n' impl workload_s overhead tracer_cpu_ms
awk -v hz="$hz" 'NR == 1 { base = $2 } { printf "%-10s %12.3f %9.2f%% %16.0f\n", $1, $2, 100 * ($2 - base) / base, 1000 * $3 / hz }' "$w/results"
