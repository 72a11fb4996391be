#!/bin/sh
# bench/funclatency_cost.sh inside a VM-tier guest (default 6.12), which has
# fentry and kprobes: this host has neither.  The guest has no compiler and
# no shared libraries but libc: sysloop goes in static, the peer with the
# libraries ldd names (found through LD_LIBRARY_PATH), and coreutils'
# libstdbuf preloaded so the peer's header reaches its file at once.  All
# tracers run in the same guest, run after run, so their extra ns per call
# compare even though the emulated CPU is slow.
#   bench/vm_funclatency_cost.sh [BPFKIT] [N] [RUNS] [KERNEL]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-50000}
runs=${3:-3}
kernel=${4:-6.12}
peer=/usr/sbin/funclatency
[ -x "$peer" ] || { echo "vm_funclatency_cost.sh: no $peer (apt-get install libbpf-tools)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bench" "$work/bin"
cc -O2 -static -o "$work/bin/sysloop" "$here/sysloop.c"
cp "$peer" "$here/funclatency_cost.sh" "$work/bin/"
for lib in $(ldd "$peer" | awk '$3 ~ /^\// { print $3 }') /usr/libexec/coreutils/libstdbuf.so; do cp "$lib" "$work/bin/"; done
# The guest runs every *.sh of a test directory: this one is the bench.
cat >"$work/bench/funclatency_cost.sh" <<EOS
# vm: timeout 1500
export LD_LIBRARY_PATH=/tests/bin LD_PRELOAD=/tests/bin/libstdbuf.so _STDBUF_O=L
SYSLOOP=/tests/bin/sysloop PEER=/tests/bin/funclatency sh /tests/bin/funclatency_cost.sh /bin/bpfkit $n $runs
EOS
BPFKIT_VM_LOG="$work/console" "$here/../test/vm/run-vm.sh" "$kernel" "$bpfkit" "$work/bench" -- "$work"/bin/* >"$work/vm.out" 2>&1 ||
	{ cat "$work/vm.out" >&2; echo "vm_funclatency_cost.sh: the guest run failed" >&2; exit 1; }
echo "kernel $kernel, $n getpid() calls a loop, $runs runs"
sed -n '/^@@BPFKIT-BEGIN/,/^@@BPFKIT-END/p' "$work/console" | grep -v '^@@'
