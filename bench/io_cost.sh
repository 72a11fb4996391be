#!/bin/sh
# Per-I/O cost of biolatency vs a hand-written minimal latency histogram
# (bench/handwritten/biolat.bpf.c) and libbpf-tools' biolatency: a workload
# makes N O_DIRECT 4 KiB writes to a loop device on a file in /dev/shm,
# untraced and under each tracer; the extra nanoseconds per I/O are
# compared.  Medians of RUNS.
#   bench/io_cost.sh [BPFKIT] [N] [RUNS]
set -eu
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" -eq 0 ] || { echo "io_cost.sh: run as root" >&2; exit 1; }
cc -O2 -o "$work/blkloop" "$here/blkloop.c"
truncate -s 8M /dev/shm/bpfkit-io-cost
dev=$(losetup -f --show /dev/shm/bpfkit-io-cost)
trap 'losetup -d "$dev"; rm -f /dev/shm/bpfkit-io-cost; rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM PIPE # the EXIT trap then detaches the device
handwritten biolat
workload() { "$work/blkloop" "$dev" "$n"; }
base=$(untraced)
hand=$(run_under '^ready' "$work/load" "$work/biolat.bpf.o")
ours=$(run_under '^Tracing' "$bpfkit" biolatency)
peer=none
[ -x /usr/sbin/biolatency ] && peer=$(run_under "^Tracing" stdbuf -oL /usr/sbin/biolatency) # its stdout is a file here
echo "ns per 4 KiB O_DIRECT write: untraced $base, hand-written $hand, bpfkit biolatency $ours, libbpf-tools biolatency $peer"
awk -v b="$base" -v h="$hand" -v o="$ours" -v p="$peer" 'BEGIN {
	printf "cost per I/O: hand-written %.0f ns, bpfkit %.0f ns (%.2fx)", h - b, o - b, (o - b) / (h - b)
	if (p != "none") printf ", libbpf-tools %.0f ns (%.2fx)", p - b, (p - b) / (h - b)
	printf "\n" }'
