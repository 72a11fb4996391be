#!/bin/busybox sh
# bpfkit-fs up|down FS, in the test VM: load the file system's modules
# (/etc/fsmodules/FS, in order; none for a built-in one) and mount the
# virtio disk whose serial is FS at /mnt/FS; or unmount it and unload
# them, last first.  Up fails when FS cannot be mounted.
op=${1:?usage: bpfkit-fs up|down FS} fs=${2:?usage: bpfkit-fs up|down FS}
mods=/etc/fsmodules/$fs
case $op in
up)
	grep -q " /mnt/$fs $fs " /proc/mounts && exit 0
	if [ -f "$mods" ]; then
		while read -r m; do
			grep -q "^$m " /proc/modules || insmod "/lib/modules/$m.ko" || exit 1
		done <"$mods"
	fi
	for s in /sys/block/vd*/serial; do
		[ "$(cat "$s" 2>/dev/null)" = "$fs" ] || continue
		mkdir -p "/mnt/$fs"
		mount -t "$fs" "/dev/$(basename "$(dirname "$s")")" "/mnt/$fs"
		exit
	done
	echo "bpfkit-fs: no disk with serial $fs" >&2
	exit 1 ;;
down)
	umount "/mnt/$fs" 2>/dev/null
	# Last loaded first; one another file system still uses stays.
	[ -f "$mods" ] && sed -n '1!G;h;$p' "$mods" | while read -r m; do rmmod "$m" 2>/dev/null; done
	exit 0 ;;
esac
echo "bpfkit-fs: up or down, not '$op'" >&2
exit 2
