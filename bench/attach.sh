#!/bin/sh
# Attach time for many probes: bpfkit funccount vs bpftrace, on the same
# libc functions (str*: about 60 uprobes; this host has no kprobes, the VM
# tier covers kprobe_multi).  Time from exec until the tool reports it is
# tracing, median of RUNS; with BPFKIT_DISABLE=uprobe_multi bpfkit attaches
# one uprobe at a time, for comparison.
#   bench/attach.sh [BPFKIT] [RUNS]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
runs=${2:-11}
libc=/lib/x86_64-linux-gnu/libc.so.6
cc -O2 -o /tmp/bpfkit-ready "$here/ready.c"
n=$("$bpfkit" funccount -d 0.01 'c:str*' | sed -n 's/^Tracing \([0-9]*\) functions.*/\1/p')
echo "probes: $n functions (bpfkit folds aliases; bpftrace attaches each symbol)"
printf '%-28s %10s %12s\n' impl ready_ms peak_rss_mb
printf '%-28s %10s %12s\n' "bpfkit (uprobe_multi)" $(/tmp/bpfkit-ready "$runs" '^Tracing' "$bpfkit" funccount 'c:str*')
printf '%-28s %10s %12s\n' "bpfkit (single uprobes)" $(BPFKIT_DISABLE=uprobe_multi /tmp/bpfkit-ready "$runs" '^Tracing' "$bpfkit" funccount 'c:str*')
if command -v bpftrace >/dev/null; then
	printf '%-28s %10s %12s\n' "bpftrace $(bpftrace --version | awk '{print $2}')" \
		$(/tmp/bpfkit-ready "$runs" '^ready' bpftrace -e "uprobe:$libc:str* { @[probe] = count(); } BEGIN { printf(\"ready\\n\"); }")
fi
