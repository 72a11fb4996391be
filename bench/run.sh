#!/bin/sh
# Side by side: time from exec until the tool says it is tracing, and peak
# RSS, for bpfkit and libbpf-tools (Debian package libbpf-tools), medians of
# RUNS runs each, and the ratios bpfkit / libbpf-tools.
#   bench/run.sh [BPFKIT] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
runs=${2:-21}
[ "$(id -u)" -eq 0 ] || { echo "run.sh: run as root" >&2; exit 1; }
[ -x /usr/sbin/execsnoop ] && [ -x /usr/sbin/runqlat ] ||
	{ echo "run.sh: needs libbpf-tools (apt-get install libbpf-tools)" >&2; exit 1; }
cc -O2 -o /tmp/bpfkit-ready "$here/ready.c"

printf '%-10s %-12s %10s %10s\n' tool impl ready_ms peak_rss_mb
bench() { # tool ready-regex-peer ready-regex-bpfkit
	peer=$(/tmp/bpfkit-ready "$runs" "$2" /usr/sbin/"$1")
	ours=$(/tmp/bpfkit-ready "$runs" "$3" "$bpfkit" "$1")
	printf '%-10s %-12s %10s %10s\n' "$1" libbpf-tools $peer
	printf '%-10s %-12s %10s %10s\n' "$1" bpfkit $ours
	echo "$peer $ours" | awk -v t="$1" '{ printf "%-10s %-12s %9.2fx %9.2fx\n", t, "ratio", $3 / $1, $4 / $2 }'
}
bench execsnoop '^PCOMM' '^COMM'
bench runqlat '^Tracing' '^Tracing'
