#!/bin/bash
# The flight recorder's footprint: opensnoop --flight-recorder=EVENTS on a
# workload's opens (bench/openrate.c), sampled once a second from
# /proc/PID/status (VmRSS) and /proc/PID/stat (utime+stime): SECONDS idle,
# SECONDS at RATE opens a second, SECONDS idle again; then one dump
# (SIGUSR1), timed, and the RSS after it.  Beside it the same workload
# under plain opensnoop writing its lines to /dev/null, for what printing
# every event costs.
#   bench/flight_cost.sh [BPFKIT] [SECONDS] [RATE] [EVENTS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
secs=${2:-10}
rate=${3:-20000}
events=${4:-100000}
[ "$(id -u)" -eq 0 ] || { echo "flight_cost.sh: run as root" >&2; exit 1; }
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
cc -O2 -o "$work/openrate" "$here/openrate.c"
tick=$(getconf CLK_TCK)

# start TOOL-ARGS...: bpfkit opensnoop with them, output in $work/out and
# $work/err, until its status line is out; its PID in $tp.
start() {
	: >"$work/out"
	: >"$work/err"
	"$bpfkit" opensnoop "$@" >"$work/out" 2>"$work/err" &
	tp=$!
	until grep -q 'Recording\|^PID' "$work/out" "$work/err" 2>/dev/null; do
		kill -0 "$tp" 2>/dev/null || { echo "opensnoop ended: $(cat "$work/err")" >&2; exit 1; }
		sleep 0.01
	done
}

# sample PHASE SECONDS: one line a second, "PHASE T RSS_KB CPU_TICKS".
sample() {
	local i
	for i in $(seq "$2"); do
		sleep 1
		printf '%s %d %s %s\n' "$1" "$i" "$(awk '/^VmRSS/ { print $2 }' "/proc/$tp/status")" \
			"$(awk '{ print $14 + $15 }' "/proc/$tp/stat")"
	done
}

# phases: idle, loaded, idle; the samples in $work/samples.
phases() {
	: >"$work/samples"
	sample idle "$secs" >>"$work/samples"
	"$work/openrate" "$rate" "$secs" >/dev/null &
	local w=$!
	sample load "$secs" >>"$work/samples"
	wait "$w"
	sample idle2 "$secs" >>"$work/samples"
}

# summary LABEL: per phase, RSS min and max, CPU ms per second (first to
# last sample).
summary() {
	awk -v label="$1" -v tick="$tick" '
		{ p = $1; if (!(p in min) || $3 < min[p]) min[p] = $3; if ($3 > max[p]) max[p] = $3
		  if (!(p in c0)) { c0[p] = $4; t0[p] = $2 } c1[p] = $4; t1[p] = $2; order[p] = NR }
		END {
			n = split("idle load idle2", ps, " ")
			for (i = 1; i <= n; i++) { p = ps[i]
				printf "%-34s %-6s RSS %6.1f-%6.1f MB  CPU %6.1f ms/s\n", label, p, min[p] / 1024, max[p] / 1024,
					(c1[p] - c0[p]) * 1000 / tick / (t1[p] - t0[p] > 0 ? t1[p] - t0[p] : 1) }
		}' "$work/samples"
}

echo "opensnoop, ${secs} s idle, ${secs} s at $rate opens/s, ${secs} s idle; samples every second"
start --flight-recorder="$events"
# The rings are the kernel's memory, mapped into the tool: their size.
awk '/perf_event/ { split($1, a, "-"); kb += (strtonum("0x" a[2]) - strtonum("0x" a[1])) / 1024; n++ }
	END { printf "rings: %d mappings, %.1f MB in all (kernel memory, outside VmRSS)\n", n, kb / 1024 }' \
	"/proc/$tp/maps"
phases
summary "--flight-recorder=$events"
t0=$(date +%s%N)
kill -USR1 "$tp"
until grep -q '^Flight recorder dump 1:' "$work/out"; do sleep 0.01; done
# Printed once the file holds the header's count of rows after it.
want=$(sed -n 's/^Flight recorder dump 1: \([0-9]*\) events.*/\1/p' "$work/out")
until [ "$(sed '1,/^Flight recorder dump 1:/d' "$work/out" | wc -l)" -ge "$want" ]; do sleep 0.01; done
t1=$(date +%s%N)
mine=$(grep -c '/nonexistent/openrate' "$work/out" || true)
echo "dump: $(grep '^Flight recorder dump 1:' "$work/out") ($mine of them the workload's) in $(( (t1 - t0) / 1000000 )) ms; RSS after it: $(awk '/^VmRSS/ { printf "%.1f MB", $2 / 1024 }' "/proc/$tp/status")"
kill -INT "$tp"
wait "$tp" || true

start
phases
summary "printing every event (to a file)"
kill -INT "$tp"
wait "$tp" || true
