#!/bin/bash
# Boots one of Debian's kernels under QEMU (software emulation) with an
# initramfs holding busybox, the static bpfkit, the test programs and the
# guest tests, runs every test in that one boot, and turns the serial
# console into PASS/FAIL lines.  Exit status 0 only when the guest ran
# every test and all passed.
#
#   run-vm.sh KERNEL BPFKIT TESTDIR... [-- PROGRAM...]
#     KERNEL   5.10, 6.1 or 6.12 (see fetch-kernels.sh)
#     TESTDIR  directories of *.sh tests (test/vm/guest, test/live)
#     PROGRAM  test programs copied to /tests/bin in the guest
# The guest gets virtio disks holding an ext4, an xfs and a btrfs file
# system, made here with mkfs; `bpfkit-fs up FS` in the guest loads the
# file system's modules and mounts it at /mnt/FS, `bpfkit-fs down FS` undoes
# that (a file system whose module or mkfs is missing is left out, and the
# guest's tests that need it say so).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel_id=${1:?usage: run-vm.sh KERNEL BPFKIT TESTDIR... [-- PROGRAM...]}
bpfkit=${2:?bpfkit binary}
shift 2
testdirs=()
progs=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do testdirs+=("$1"); shift; done
[ $# -gt 0 ] && shift
progs=("$@")

need() { command -v "$1" >/dev/null 2>&1; }
if ! need qemu-system-x86_64 || ! [ -x /bin/busybox ] || ! need cpio; then
	if [ "$(id -u)" -eq 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			qemu-system-x86 busybox-static cpio xfsprogs btrfs-progs acpica-tools >/dev/null
	else
		echo "run-vm.sh: needs qemu-system-x86, busybox-static and cpio (run packaging/deps.sh)" >&2
		exit 1
	fi
fi

vmlinuz=$("$here/fetch-kernels.sh" "$kernel_id")
work=$(mktemp -d /tmp/bpfkit-vm.XXXXXX)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,etc,tests/bin,lib64,lib/x86_64-linux-gnu,usr/bin}
cp /bin/busybox "$root/bin/busybox"
cp "$bpfkit" "$root/bin/bpfkit"
# Dynamically linked test programs (probes on libc) need the loader and libc.
cp /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
cp /lib/x86_64-linux-gnu/libc.so.6 "$root/lib/x86_64-linux-gnu/"
for p in "${progs[@]}"; do cp "$p" "$root/tests/bin/"; done
# Their sources too: tests find source lines by markers in them.
mkdir -p "$root/tests/progs"
cp "$here"/../progs/*.c "$root/tests/progs/"
# One helper library for guest and live tests alike (and the network
# tests' namespaces, sourced beside it).
cp "$here/../live/lib.sh" "$here/../live/netns.sh" "$here/../live/cacheuser.sh" "$here/../live/memcg.sh" "$here/../live/functimer.sh" "$root/tests/"
n=0
for d in "${testdirs[@]}"; do
	sub=$(basename "$d")
	mkdir -p "$root/tests/$sub"
	for t in "$d"/*.sh; do
		case $(basename "$t") in lib.sh | netns.sh | cacheuser.sh | memcg.sh | functimer.sh | pgserver.sh) continue ;; esac
		# Tests that need what the guest lacks (a browser) say so in
		# their first lines; the host tier runs them.
		grep -q '^# vm: skip' "$t" && continue
		cp "$t" "$root/tests/$sub/"
		echo "$sub/$(basename "$t")" >>"$root/tests/list"
		n=$((n + 1))
	done
done
[ "$n" -gt 0 ] || { echo "run-vm.sh: no tests given" >&2; exit 1; }
echo "root:x:0:0:root:/root:/bin/sh" >"$root/etc/passwd"

# The file systems' disks.  Their modules come from the kernel package
# (fetch-kernels.sh keeps them), with what each depends on, in an order the
# guest's insmod can follow: busybox's insmod reads no modules.dep, and the
# guest has no xz, so .ko.xz files are unpacked here.  /etc/modules lists
# what /init loads (the disk driver), /etc/fsmodules/FS what `bpfkit-fs up
# FS` loads: a test loads a file system's module only while it needs it, as
# a kernel with xfs and btrfs loaded has 13,700 more functions for every
# other tool that reads kallsyms to go through (guest/argdist.sh's start
# took over 20 s with them on 6.12).
moddir=$(ls -d "$(dirname "$(dirname "$vmlinuz")")"/lib/modules/*/kernel 2>/dev/null | head -n 1 || true)
mkdir -p "$root/lib/modules" "$root/etc/fsmodules"
: >"$root/etc/modules"
modfile() { [ -n "$moddir" ] && find "$moddir" \( -name "$1.ko" -o -name "$1.ko.xz" -o -name "$(echo "$1" | tr _ -).ko" -o -name "$(echo "$1" | tr _ -).ko.xz" \) | head -n 1; }
modcat() { case $1 in *.xz) xz -dc "$1" ;; *) cat "$1" ;; esac; }
# addmod MODULE LIST: MODULE after what it depends on, each once in LIST.
# A module absent from the package is built in (6.12's virtio).
addmod() {
	grep -qx "$1" "$2" 2>/dev/null && return 0
	local f dep
	f=$(modfile "$1")
	[ -n "$f" ] || return 0
	for dep in $(modcat "$f" | tr '\0' '\n' | sed -n 's/^depends=//p' | tr , ' '); do addmod "$dep" "$2"; done
	[ -e "$root/lib/modules/$1.ko" ] || modcat "$f" >"$root/lib/modules/$1.ko"
	echo "$1" >>"$2"
}
drives=()
for m in virtio_pci virtio_blk; do addmod "$m" "$root/etc/modules"; done
for fs in ext4 xfs btrfs; do
	need "mkfs.$fs" || { echo "vm $kernel_id: no mkfs.$fs here: the guest gets no $fs disk"; continue; }
	: >"$root/etc/fsmodules/$fs"
	addmod "$fs" "$root/etc/fsmodules/$fs"
	# Sparse files: the smallest each mkfs accepts (xfs: 300 MiB).
	case $fs in xfs) size=300M ;; btrfs) size=128M ;; *) size=32M ;; esac
	truncate -s "$size" "$work/$fs.img"
	"mkfs.$fs" -q $([ "$fs" = ext4 ] && echo -F) "$work/$fs.img" >/dev/null 2>&1 ||
		{ echo "run-vm.sh: mkfs.$fs failed" >&2; exit 1; }
	drives+=(-drive "file=$work/$fs.img,if=none,id=$fs,format=raw" -device "virtio-blk-pci,drive=$fs,serial=$fs")
done
# Modules a guest test loads itself and unloads when done (guest/rdmaucma.sh):
# /etc/testmodules/NAME lists NAME after what it depends on (empty: the
# kernel package has no such module).
mkdir -p "$root/etc/testmodules"
for m in rdma_ucm kvm_amd acpi_cpufreq cpufreq_userspace; do
	: >"$root/etc/testmodules/$m"
	addmod "$m" "$root/etc/testmodules/$m"
done
sed "s/@KERNEL_ID@/$kernel_id/" "$here/guest-init.sh" >"$root/init"
cp "$here/guest-fs.sh" "$root/bin/bpfkit-fs"
chmod +x "$root/init" "$root/bin/bpfkit-fs"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1 >"$work/initrd.gz")

echo "vm $kernel_id: $(basename "$vmlinuz"), $n tests"
start=$(date +%s.%N)
# TCG, not KVM: /dev/kvm hangs guests on these hosts.  One vCPU: with two,
# QEMU's multi-threaded TCG now and then misses the guest kernel patching
# its own code while the other vCPU runs it (static keys flipped and int3
# placed as tracepoints and kprobes attach): the guest hit a stale int3
# ("Oops: int3" in __schedule on 6.12) or soft-locked both vCPUs (6.1),
# about one boot in ten; single-threaded TCG stalled the guests' timers
# instead.  Should a boot still report a soft lockup, it is stopped at once
# and run again, once, and the report says so.  The timeout bounds any
# other hang so CI fails instead of waiting (2400 s: two guests side by side
# on two cores took up to 1460 s for 100 tests).
# BPFKIT_VM_NUMA=1: two NUMA nodes of 1 GiB, CPU 0 on node 0 and the
# others (two CPUs unless BPFKIT_VM_SMP says) on node 1, for the tests that
# need tasks and pages to cross nodes (live/numasched.sh, guest/numamove.sh).
smp=${BPFKIT_VM_SMP:-1}
numa=()
if [ -n "${BPFKIT_VM_NUMA:-}" ]; then
	smp=${BPFKIT_VM_SMP:-2}
	numa=(-object memory-backend-ram,id=m0,size=1024M -object memory-backend-ram,id=m1,size=1024M
		-numa node,nodeid=0,cpus=0,memdev=m0 -numa "node,nodeid=1,cpus=1-$((smp - 1)),memdev=m1")
fi
# BPFKIT_VM_CPUFREQ=1: CPU 0 gets ACPI P-states (cpufreq.asl) that
# acpi-cpufreq drives, for the cpufreq tool.  The CPU model says family
# 0x10: acpi-cpufreq refuses P-states in I/O ports on AMD's family 0xf,
# which TCG's "max" CPU reports.
cpu=max
acpi=()
if [ -n "${BPFKIT_VM_CPUFREQ:-}" ]; then
	need iasl || { echo "run-vm.sh: BPFKIT_VM_CPUFREQ needs iasl (acpica-tools; run packaging/deps.sh)" >&2; exit 1; }
	iasl -p "$work/cpufreq" "$here/cpufreq.asl" >"$work/iasl.log" 2>&1 ||
		{ echo "run-vm.sh: iasl failed:" >&2; cat "$work/iasl.log" >&2; exit 1; }
	cpu=max,family=16
	acpi=(-acpitable "file=$work/cpufreq.aml")
fi
boot() {
	timeout "${BPFKIT_VM_TIMEOUT:-2400}" qemu-system-x86_64 -accel tcg,thread=multi -cpu "$cpu" "${acpi[@]}" -m 2048 -smp "$smp" "${numa[@]}" \
		-nographic -no-reboot -kernel "$vmlinuz" -initrd "$work/initrd.gz" "${drives[@]}" \
		-append "console=ttyS0 quiet panic=-1 mitigations=off${BPFKIT_SH_FLAGS:+ BPFKIT_SH_FLAGS=$BPFKIT_SH_FLAGS}" \
		</dev/null >"$work/console.log" 2>&1 &
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		if grep -aq 'soft lockup' "$work/console.log"; then
			kill "$qpid" 2>/dev/null
			wait "$qpid"
			return 99
		fi
		sleep 1
	done
	wait "$qpid"
}
set +e
boot
qrc=$?
if [ "$qrc" -eq 99 ]; then
	echo "vm $kernel_id: the guest reported a soft lockup (QEMU TCG); booting again"
	grep -a '^@@BPFKIT-BEGIN' "$work/console.log" | tail -1 | sed 's/^/    | during: /'
	[ -n "${BPFKIT_VM_LOG:-}" ] && tr -d '\r' <"$work/console.log" >"$BPFKIT_VM_LOG.lockup"
	boot
	qrc=$?
fi
set -e
end=$(date +%s.%N)
tr -d '\r' <"$work/console.log" >"$work/console.txt"
[ -n "${BPFKIT_VM_LOG:-}" ] && cp "$work/console.txt" "$BPFKIT_VM_LOG"

pass=0 fail=0
while read -r _ name result secs; do
	if [ "$result" = PASS ]; then
		pass=$((pass + 1))
		printf 'PASS %-28s %6ss\n' "$name" "$secs"
	else
		fail=$((fail + 1))
		printf 'FAIL %-28s %6ss\n' "$name" "$secs"
		awk -v n="$name" '$0 == "@@BPFKIT-BEGIN " n { on = 1; next } $0 == "@@BPFKIT-END " n { on = 0 } on' \
			"$work/console.txt" | sed 's/^/    | /'
	fi
done < <(grep '^@@BPFKIT-TEST ' "$work/console.txt")
boot=$(grep -o '@@BPFKIT-BOOTED [0-9.]*' "$work/console.txt" | cut -d' ' -f2)
printf 'vm %s: %d passed, %d failed, guest boot %ss, total %.1fs\n' "$kernel_id" "$pass" "$fail" \
	"${boot:-?}" "$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')"
if ! grep -q '@@BPFKIT-DONE' "$work/console.txt"; then
	echo "vm $kernel_id: the guest did not finish (qemu exit $qrc); console tail:"
	tail -n 40 "$work/console.txt" | sed 's/^/    | /'
	exit 1
fi
[ "$fail" -eq 0 ] && [ "$pass" -eq "$n" ]
