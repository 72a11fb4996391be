#!/bin/sh
# bench/connect_storm.sh inside a VM-tier guest (default 6.12), whose kprobes
# libbpf-tools' tcpconnect needs: this host's kernel has none, so the peer
# does not start here.  The guest has no compiler and no shared libraries
# but libc: connstorm goes in static, the peer with the libraries ldd names
# (found through LD_LIBRARY_PATH; bpfkit is static and needs none), and
# coreutils' libstdbuf preloaded: the peer's stdout goes to a file, where
# its header, which says it is tracing, would wait in the buffer.  Both
# tracers run in the same guest, run after run, so their rows/s compare
# even though the emulated CPU is slow.
#   bench/vm_connect_storm.sh [BPFKIT] [N] [RUNS] [KERNEL]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-2000}
runs=${3:-3}
kernel=${4:-6.12}
peer=/usr/sbin/tcpconnect
[ -x "$peer" ] || { echo "vm_connect_storm.sh: no $peer (apt-get install libbpf-tools)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bench" "$work/bin"
cc -O2 -static -o "$work/bin/connstorm" "$here/connstorm.c"
cp "$peer" "$here/connect_storm.sh" "$work/bin/"
for lib in $(ldd "$peer" | awk '$3 ~ /^\// { print $3 }') /usr/libexec/coreutils/libstdbuf.so; do cp "$lib" "$work/bin/"; done
# The guest runs every *.sh of a test directory: this one is the bench.
cat >"$work/bench/connect_storm.sh" <<EOS
# vm: timeout 1200
# Only the peer is linked dynamically: the rest ignore these.
export LD_LIBRARY_PATH=/tests/bin LD_PRELOAD=/tests/bin/libstdbuf.so _STDBUF_O=L
CONNSTORM=/tests/bin/connstorm PEER=/tests/bin/tcpconnect sh /tests/bin/connect_storm.sh /bin/bpfkit $n $runs
EOS
BPFKIT_VM_LOG="$work/console" "$here/../test/vm/run-vm.sh" "$kernel" "$bpfkit" "$work/bench" -- "$work"/bin/* >"$work/vm.out" 2>&1 ||
	{ cat "$work/vm.out" >&2; echo "vm_connect_storm.sh: the guest run failed" >&2; exit 1; }
echo "kernel $kernel, $n connections a storm, $runs runs"
sed -n '/^@@BPFKIT-BEGIN/,/^@@BPFKIT-END/p' "$work/console" | grep -v '^@@'
