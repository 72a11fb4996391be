#!/bin/bash
# memleak's cost per allocation and its memory with many allocations
# outstanding.  A workload (bench/allocloop.c, libc's malloc) makes N
# malloc(64)+free pairs untraced, under memleak -p, and under two
# hand-written baselines (bench/handwritten/alloctrack.bpf.c): a bare count
# of malloc calls and the least a leak tracker does (size at entry, address
# at return, delete at free).  BCC's memleak(8) publishes its overhead as
# "up to 100x degradation in running time" in pathological cases; a
# malloc/free loop is one, so the slowdown is printed beside that figure.
# Then HOLD allocations (default 1,000,000, memleak's table size) are kept
# outstanding and memleak's peak RSS is read while it reports them.
#   bench/memleak_cost.sh [BPFKIT] [N] [RUNS] [HOLD]
set -eu
. "$(dirname "$0")/lib.sh"
hold=${4:-1000000}
[ "$(id -u)" -eq 0 ] || { echo "memleak_cost.sh: run as root" >&2; exit 1; }
cc -O2 -o "$work/allocloop" "$here/allocloop.c"
handwritten alloctrack
mkfifo "$work/go"

# start_loop MODE COUNT: allocloop waiting on the fifo (fd 3 here), as $lp
# once it runs allocloop itself (the tracer resolves its libc by PID).
start_loop() {
	"$work/allocloop" "$1" "$2" <"$work/go" >"$work/loop.out" &
	lp=$!
	exec 3>"$work/go"
	until [ "$(readlink "/proc/$lp/exe" 2>/dev/null)" = "$work/allocloop" ]; do sleep 0.01; done
}

# start_tracer READY-REGEX CMD...: start_ready, where "@PID" in CMD stands
# for the workload's PID; the tracer's PID in $tp.
start_tracer() {
	local re=$1 a args=()
	shift
	for a in "$@"; do args+=("${a//@PID/$lp}"); done
	start_ready "$re" "${args[@]}"
	tp=$_tp
}

stop_tracer() { kill -INT "$tp"; wait "$tp" || true; }

# pairs [READY-REGEX CMD...]: the median ns per pair, untraced without CMD.
pairs() {
	local i
	for i in $(seq "$runs"); do
		start_loop pairs "$n"
		[ $# -eq 0 ] || start_tracer "$@"
		echo go >&3
		exec 3>&-
		wait "$lp"
		[ $# -eq 0 ] || stop_tracer
		cat "$work/loop.out"
	done | median
}

base=$(pairs)
count=$(pairs '^ready' "$work/load" "$work/alloctrack.bpf.o" count_)
track=$(pairs '^ready' "$work/load" "$work/alloctrack.bpf.o" track_)
ours=$(pairs '^Attaching to pid' "$bpfkit" memleak -p @PID)
echo "ns per malloc(64)+free pair, median of $runs x $n: untraced $base"
printf '%-36s %10s %12s %10s\n' tracer ns_pair extra_ns slowdown
row() { awk -v nm="$1" -v b="$base" -v v="$2" 'BEGIN { printf "%-36s %10.1f %12.1f %9.1fx\n", nm, v, v - b, v / b }'; }
row "hand-written: count malloc calls" "$count"
row "hand-written: minimal leak tracker" "$track"
row "bpfkit memleak -p" "$ours"
awk -v b="$base" -v t="$track" -v o="$ours" 'BEGIN {
	printf "memleak vs the minimal tracker: %.2fx the extra cost; BCC memleak(8): up to 100x slowdown\n", (o - b) / (t - b) }'

# Peak RSS with HOLD allocations outstanding: memleak reports every second;
# read its VmHWM once a report counts them (a few of the program's own
# allocations share the table, so at least 99% of HOLD).
start_loop hold "$hold"
start_tracer '^Attaching to pid' "$bpfkit" memleak -p @PID 1
echo go >&3
until grep -q '^held' "$work/loop.out"; do kill -0 "$lp" || exit 1; sleep 0.05; done
seen=0
for _i in $(seq 600); do
	seen=$(grep -Eo 'bytes in [0-9]+ allocations' "$work/out" | awk '{ if ($3 > m) m = $3 } END { print m + 0 }')
	[ "$seen" -lt $((hold * 99 / 100)) ] || break
	sleep 0.1
done
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$tp/status")
stop_tracer
exec 3>&-
wait "$lp" || true
awk -v h="$hold" -v s="$seen" -v k="$hwm" 'BEGIN {
	printf "memleak -p with %d allocations outstanding (%d in its largest report): peak RSS %.1f MB\n", h, s, k / 1024 }'
