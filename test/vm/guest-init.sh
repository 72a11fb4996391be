#!/bin/busybox sh
# /init of the test VM: mount what bpfkit and the tests use, run every test
# with a time limit, report on the serial console, power off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t bpf bpf /sys/fs/bpf 2>/dev/null
# Loopback for tests that send packets to themselves (softirqs).
ifconfig lo 127.0.0.1 up 2>/dev/null || ip link set lo up 2>/dev/null
# The disk driver run-vm.sh chose; the file systems' modules wait for the
# tests that use them (bpfkit-fs up FS), as they slow every kallsyms reader.
while read -r m; do
	insmod "/lib/modules/$m.ko" || echo "guest-init: insmod $m failed"
done </etc/modules
# ext4 is built in: mounted for every test (live/rows.sh pins ext4slower).
[ -x /bin/bpfkit-fs ] && { bpfkit-fs up ext4 || echo "guest-init: no ext4 disk"; }
export PATH=/bin:/sbin:/usr/bin BPFKIT=/bin/bpfkit TESTBIN=/tests/bin KERNEL_ID=@KERNEL_ID@
echo "@@BPFKIT-BOOTED $(cut -d' ' -f1 /proc/uptime)"
while read -r t; do
	echo "@@BPFKIT-BEGIN $t"
	t0=$(cut -d' ' -f1 /proc/uptime)
	# SIGKILL: a test stuck in its own cleanup ignores nothing but that.
	# 240 s: tools.sh starts every tool (40 and more), 3-5 s each under TCG;
	# a test that needs longer says so in a line "# vm: timeout SECONDS".
	# stdin from /dev/null: the loop reads its list from stdin.
	limit=$(sed -n 's/^# vm: timeout \([0-9][0-9]*\)$/\1/p' "/tests/$t" | head -1)
	if TESTLIB=/tests/lib.sh timeout -s KILL "${limit:-240}" sh ${BPFKIT_SH_FLAGS:-} "/tests/$t" </dev/null >/tmp/out 2>&1; then
		r=PASS
	else
		r=FAIL
	fi
	t1=$(cut -d' ' -f1 /proc/uptime)
	# Whatever a failed test left running must not disturb the next one.
	kill -9 -1 2>/dev/null
	cat /tmp/out
	echo "@@BPFKIT-END $t"
	echo "@@BPFKIT-TEST $t $r $(echo "$t1 $t0" | awk '{ printf "%.1f", $1 - $2 }')"
done </tests/list
echo "@@BPFKIT-DONE"
poweroff -f
