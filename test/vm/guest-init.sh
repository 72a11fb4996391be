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
export PATH=/bin:/sbin:/usr/bin BPFKIT=/bin/bpfkit TESTBIN=/tests/bin KERNEL_ID=@KERNEL_ID@
echo "@@BPFKIT-BOOTED $(cut -d' ' -f1 /proc/uptime)"
while read -r t; do
	echo "@@BPFKIT-BEGIN $t"
	t0=$(cut -d' ' -f1 /proc/uptime)
	# SIGKILL: a test stuck in its own cleanup ignores nothing but that.
	# stdin from /dev/null: the loop reads its list from stdin.
	if TESTLIB=/tests/lib.sh timeout -s KILL 120 sh ${BPFKIT_SH_FLAGS:-} "/tests/$t" </dev/null >/tmp/out 2>&1; then
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
