#!/bin/sh
# funclatency's cost per call of a kernel function, by mechanism: a loop of
# N getpid() calls (bench/sysloop.c prints the mean nanoseconds a call),
# untraced, then timed in __do_sys_getpid (the syscall's body; the __x64_sys_ wrapper is not in ftrace's list) by bpfkit's funclatency through
# fentry/fexit (its default), by kprobes (-k), and by libbpf-tools'
# funclatency (kprobes), RUNS times in turn.  The extra ns a call is the
# tracer's cost; the tracer's own count (its histogram's total) must be N.
#   bench/funclatency_cost.sh [BPFKIT] [N] [RUNS]
# (bench/vm_funclatency_cost.sh runs it in a VM-tier guest: this host has
# neither fentry nor kprobes.)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-200000}
runs=${3:-5}
func=__do_sys_getpid
[ "$(id -u)" -eq 0 ] || { echo "funclatency_cost.sh: run as root" >&2; exit 1; }
work=$(mktemp -d)
tp=""
trap '[ -z "$tp" ] || kill "$tp" 2>/dev/null; rm -rf "$work"' EXIT
if [ -n "${SYSLOOP:-}" ]; then cp "$SYSLOOP" "$work/sysloop"; else cc -O2 -o "$work/sysloop" "$here/sysloop.c"; fi
peer=${PEER:-/usr/sbin/funclatency}

# loop TRACER...: N getpid() under TRACER (none: untraced); prints "ns/call
# counted" (counted: the calls in the tracer's histogram, - untraced).
loop() {
	tp=""
	if [ $# -gt 0 ]; then
		: >"$work/out"
		"$@" "$func" >"$work/out" 2>&1 &
		tp=$!
		_i=0
		until grep -q '^Tracing' "$work/out"; do
			_i=$((_i + 1))
			kill -0 "$tp" 2>/dev/null && [ "$_i" -lt 6000 ] || { sed 's/^/  | /' "$work/out" >&2; echo "does-not-start"; tp=""; return; }
			sleep 0.01
		done
	fi
	_ns=$("$work/sysloop" "$n" getpid)
	_count=-
	if [ -n "$tp" ]; then
		kill -INT "$tp"
		wait "$tp" || true
		tp=""
		# The log2 rows' counts: "   lo -> hi   : count   |***|".
		_count=$(awk -F: '/->/ { split($2, a, " "); s += a[1] } END { print s + 0 }' "$work/out")
	fi
	echo "$_ns $_count"
}

printf '%-34s %4s %10s %10s %10s\n' tracer run ns/call extra-ns counted
for run in $(seq "$runs"); do
	set -- $(loop)
	base=$1
	printf '%-34s %4d %10s %10s %10s\n' untraced "$run" "$base" - -
	for t in "bpfkit funclatency (fentry)|$bpfkit funclatency" "bpfkit funclatency -k (kprobes)|$bpfkit funclatency -k" \
		"libbpf-tools funclatency (kprobes)|$peer"; do
		name=${t%%|*}
		cmd=${t#*|}
		[ -x "${cmd%% *}" ] || continue
		# shellcheck disable=SC2086
		r=$(loop $cmd)
		if [ "$r" = does-not-start ]; then
			printf '%-34s %4d %s\n' "$name" "$run" "does not start on this kernel"
			continue
		fi
		set -- $r
		printf '%-34s %4d %10s %10.2f %10s\n' "$name" "$run" "$1" "$(echo "$1 $base" | awk '{ print $1 - $2 }')" "$2"
	done
done
