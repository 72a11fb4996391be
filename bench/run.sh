#!/bin/sh
# Side by side: time from exec until the tool says it is tracing, and peak
# RSS, for bpfkit and libbpf-tools (Debian package libbpf-tools), medians of
# RUNS runs each, and the ratios bpfkit / libbpf-tools; with TOOLs, those
# only.
#   bench/run.sh [BPFKIT] [RUNS] [TOOL...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
runs=${2:-21}
[ $# -gt 2 ] && shift 2 && only=" $* " || only=""
[ "$(id -u)" -eq 0 ] || { echo "run.sh: run as root" >&2; exit 1; }
[ -x /usr/sbin/execsnoop ] && [ -x /usr/sbin/runqlat ] ||
	{ echo "run.sh: needs libbpf-tools (apt-get install libbpf-tools)" >&2; exit 1; }
cc -O2 -o /tmp/bpfkit-ready "$here/ready.c"

printf '%-10s %-12s %10s %10s\n' tool impl ready_ms peak_rss_mb
bench() { # tool ready-regex-peer ready-regex-bpfkit
	case $only in "" | *" $1 "*) ;; *) return ;; esac
	if ! peer=$(/tmp/bpfkit-ready "$runs" "$2" /usr/sbin/"$1" 2>/dev/null); then
		# libbpf-tools' biosnoop needs fentry on blk_account_io_start.
		printf '%-10s %-12s %s\n' "$1" libbpf-tools "does not start on this kernel"
		printf '%-10s %-12s %10s %10s\n' "$1" bpfkit $(/tmp/bpfkit-ready "$runs" "$3" "$bpfkit" "$1")
		return
	fi
	ours=$(/tmp/bpfkit-ready "$runs" "$3" "$bpfkit" "$1")
	printf '%-10s %-12s %10s %10s\n' "$1" libbpf-tools $peer
	printf '%-10s %-12s %10s %10s\n' "$1" bpfkit $ours
	echo "$peer $ours" | awk -v t="$1" '{ printf "%-10s %-12s %9.2fx %9.2fx\n", t, "ratio", $3 / $1, $4 / $2 }'
}
bench execsnoop '^PCOMM' '^COMM'
bench runqlat '^Tracing' '^Tracing'
bench biolatency '^Tracing' '^Tracing'
bench biosnoop '^TIME' '^TIME'
# libbpf-tools' tcpconnect needs kprobes (tcp_v4_connect).
bench tcplife '^PID' '^PID'
bench tcpconnect '^PID' '^PID'
