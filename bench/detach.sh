#!/bin/sh
# Time from Ctrl-C to exit with every syscall tracepoint attached
# (t:syscalls:sys_enter_*, 360 on this project's hosts): bpfkit funccount
# (raw_tp bulk path; and with BPFKIT_DISABLE=raw_tp, one perf-event link per
# tracepoint) vs bpftrace.  Median of RUNS, seconds.
#   bench/detach.sh [BPFKIT] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }

# exit_after_sigint READY-REGEX CMD...: start CMD, wait for READY-REGEX in
# its output, SIGINT it, print the seconds until it has exited.
exit_after_sigint() {
	_re=$1
	shift
	"$@" >"$work/out" 2>&1 &
	_p=$!
	_deadline=$(( $(date +%s) + 120 ))
	until grep -Eq "$_re" "$work/out"; do
		kill -0 "$_p" 2>/dev/null || { echo "bench: $1 ended before it was ready: $(cat "$work/out")" >&2; exit 1; }
		[ "$(date +%s)" -lt "$_deadline" ] || { kill -9 "$_p"; echo "bench: $1 never got ready" >&2; exit 1; }
		sleep 0.05
	done
	_t0=$(now)
	kill -INT "$_p"
	wait "$_p" || true
	echo "$(now) - $_t0" | bc
}

row() { # NAME READY-REGEX CMD...
	_name=$1
	shift
	_m=$(for _i in $(seq "$runs"); do exit_after_sigint "$@"; done | median)
	printf '%-34s %10.2f\n' "$_name" "$_m"
}

n=$(ls /sys/kernel/tracing/events/syscalls 2>/dev/null | grep -c '^sys_enter_' || true)
echo "syscall enter tracepoints: $n"
printf '%-34s %10s\n' impl exit_s
row "bpfkit funccount (raw_tp)" '^Tracing' "$bpfkit" funccount 't:syscalls:sys_enter_*'
row "bpfkit funccount (perf events)" '^Tracing' env BPFKIT_DISABLE=raw_tp "$bpfkit" funccount 't:syscalls:sys_enter_*'
if command -v bpftrace >/dev/null; then
	# BEGIN fires once every probe is attached; its output is not buffered.
	row "bpftrace $(bpftrace --version | awk '{print $2}')" '^ready' \
		bpftrace -e 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); } BEGIN { printf("ready\n"); }'
fi
