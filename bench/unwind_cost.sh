#!/bin/sh
# The BPF cost of one profile sample of a user stack walked by frame
# pointers (bpf_get_stack) and by unwind tables (--unwind=tables), from the
# kernel's own run-time statistics of the sampling program
# (kernel.bpf_stats_enabled): test/progs/chain_nofp_dyn spinning 14 frames
# deep through qsort on CPU 0, sampled there (-C 0: every sample is its
# own) at HZ (default 999) for SECS (default 4).
#   bench/unwind_cost.sh [BPFKIT] [HZ] [SECS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
hz=${2:-999}
secs=${3:-4}
prog=$(dirname "$bpfkit")/test/progs/chain_nofp_dyn
[ "$(id -u)" -eq 0 ] || { echo "unwind_cost.sh: run as root" >&2; exit 1; }
command -v bpftool >/dev/null || { echo "unwind_cost.sh: needs bpftool" >&2; exit 1; }
[ -x "$prog" ] || { echo "unwind_cost.sh: build the test programs first ($prog)" >&2; exit 1; }
w=$(mktemp -d /tmp/bpfkit-unwind.XXXXXX)
old=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -qw kernel.bpf_stats_enabled=$old; rm -rf "$w"' EXIT
sysctl -qw kernel.bpf_stats_enabled=1
echo "how        samples   ns/sample   frames/stack"
for how in fp tables; do
	mkfifo "$w/gate"
	taskset -c 0 "$prog" $((secs * 1000 + 3000)) spin <"$w/gate" &
	pid=$!
	exec 3>"$w/gate"
	# The tables are those of the mappings when the tool starts: the
	# program's, not taskset's.
	until [ "$(readlink /proc/$pid/exe)" = "$(readlink -f "$prog")" ]; do sleep 0.01; done
	: >"$w/err"
	"$bpfkit" profile -U -f -F "$hz" -C 0 --unwind=$how -p $pid >"$w/out" 2>"$w/err" &
	tool=$!
	until grep -q '^Sampling' "$w/err"; do kill -0 $tool || { cat "$w/err" >&2; exit 1; }; sleep 0.05; done
	echo go >&3
	sleep "$secs"
	# The sampling program's totals while the tool still runs.
	bpftool prog show name do_sample | awk -v how=$how '
		{ for (i = 1; i < NF; i++) { if ($i == "run_time_ns") t = $(i + 1); if ($i == "run_cnt") n = $(i + 1) } }
		END { printf "%-8s %9d %11.0f", how, n, n ? t / n : 0 }'
	kill -INT $tool
	wait $tool
	exec 3>&-
	kill $pid 2>/dev/null || true
	wait $pid 2>/dev/null || true
	rm -f "$w/gate"
	awk '{ n += $NF; f += $NF * split($1, a, ";") } END { printf "   %12.1f\n", n ? f / n - 1 : 0 }' "$w/out"
done
