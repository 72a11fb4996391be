#!/bin/sh
# tcpconnect under a connect storm on loopback: bench/connstorm.c makes N
# connections to itself, untraced, then under bpfkit's tcpconnect and
# libbpf-tools' (where it starts: it needs kprobes), each with -P the
# storm's port (filtered in the kernel), RUNS times.  Per run: connects per
# second, the rows the tracer printed for the storm (N if none was lost),
# the losses it reported, and rows per second of the storm's time.
#   bench/connect_storm.sh [BPFKIT] [N] [RUNS]
# (bench/vm_connect_storm.sh runs it in the VM tier's 6.12 guest, whose
# kprobes libbpf-tools' tcpconnect needs.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-20000}
runs=${3:-5}
[ "$(id -u)" -eq 0 ] || { echo "connect_storm.sh: run as root" >&2; exit 1; }
work=$(mktemp -d)
storm_pid=""
trap '[ -z "$storm_pid" ] || kill "$storm_pid" 2>/dev/null; rm -rf "$work"' EXIT
# CONNSTORM: a connstorm built elsewhere (a VM guest has no compiler);
# PEER: how to run libbpf-tools' tcpconnect (there, through its loader).
if [ -n "${CONNSTORM:-}" ]; then cp "$CONNSTORM" "$work/connstorm"; else cc -O2 -o "$work/connstorm" "$here/connstorm.c"; fi
peer=${PEER:-/usr/sbin/tcpconnect}

# storm TRACER...: one storm of N, under TRACER (none: untraced); prints
# "connects/s rows lost rows/s".
storm() {
	rm -f "$work/gate"
	mkfifo "$work/gate"
	exec 5<>"$work/gate"
	: >"$work/storm.out"
	"$work/connstorm" "$n" <&5 >"$work/storm.out" 2>&1 &
	storm_pid=$!
	_i=0
	until grep -q '^port ' "$work/storm.out"; do
		_i=$((_i + 1))
		[ "$_i" -lt 1000 ] || { echo "connstorm did not start" >&2; exit 1; }
		sleep 0.01
	done
	_port=$(sed -n 's/^port //p' "$work/storm.out")
	_tp=""
	if [ $# -gt 0 ]; then
		: >"$work/out"
		: >"$work/err"
		"$@" -P "$_port" >"$work/out" 2>"$work/err" &
		_tp=$!
		_i=0
		until grep -q '^PID' "$work/out" "$work/err"; do
			_i=$((_i + 1))
			kill -0 "$_tp" 2>/dev/null && [ "$_i" -lt 2000 ] || { kill "$storm_pid"; echo "does-not-start"; return; }
			sleep 0.01
		done
	fi
	echo go >&5
	wait "$storm_pid"
	storm_pid=""
	_secs=$(sed -n 's/^connects [0-9]* seconds //p' "$work/storm.out")
	_rows=0 _lost=0
	if [ -n "$_tp" ]; then
		sleep 0.5 # the last rows out of the buffer
		kill -INT "$_tp"
		wait "$_tp" || true
		_rows=$(grep -Ec " $_port *\$" "$work/out" || true)
		_lost=$(sed -nE 's/^.*[^0-9]([0-9]+) events lost.*$/\1/p; s/^[Ll]ost ([0-9]+) events.*$/\1/p' "$work/err" |
			awk '{ s += $1 } END { print s + 0 }')
	fi
	awk -v n="$n" -v s="$_secs" -v r="$_rows" -v l="$_lost" 'BEGIN { printf "%.0f %d %d %.0f\n", n / s, r, l, r / s }'
}

printf '%-22s %4s %12s %8s %8s %10s\n' tracer run connects/s rows lost rows/s
for run in $(seq "$runs"); do
	printf '%-22s %4d %12s %8s %8s %10s\n' untraced "$run" $(storm)
	printf '%-22s %4d %12s %8s %8s %10s\n' "bpfkit tcpconnect" "$run" $(storm "$bpfkit" tcpconnect)
	if [ -x "${peer%% *}" ]; then
		# shellcheck disable=SC2086
		r=$(storm $peer)
		if [ "$r" = does-not-start ]; then
			printf '%-22s %4d %s\n' "libbpf-tools tcpconnect" "$run" "does not start on this kernel (kprobes)"
		else
			printf '%-22s %4d %12s %8s %8s %10s\n' "libbpf-tools tcpconnect" "$run" $r
		fi
	fi
done
