#!/bin/sh
# Downloads Debian's own cloud kernels into a cache outside the repository
# and prints the path of the vmlinuz for the kernel asked for:
#   fetch-kernels.sh 6.1    newest linux-image-6.1.0-*-cloud-amd64 (bookworm)
#   fetch-kernels.sh 6.12   newest linux-image-6.12.*+deb12-cloud-amd64 (backports)
# A cached kernel is used without touching the network.
set -eu
want=${1:?usage: fetch-kernels.sh 6.1|6.12}
cache=${BPFKIT_VM_CACHE:-/var/cache/bpfkit-vm}
mkdir -p "$cache"

case "$want" in
6.1) pattern='^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' ;;
6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64$' ;;
*) echo "fetch-kernels.sh: unknown kernel '$want' (6.1 or 6.12)" >&2; exit 2 ;;
esac

# A kernel already extracted wins: CI runs stay offline after the first.
cached=$(ls -d "$cache/$want"-*/boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1 || true)
if [ -n "$cached" ] && [ "${BPFKIT_VM_REFRESH:-0}" != 1 ]; then
	echo "$cached"
	exit 0
fi

pkg=$(apt-cache search --names-only "$pattern" | awk '{print $1}' | sort -V | tail -n 1)
[ -n "$pkg" ] || { echo "fetch-kernels.sh: no package matches $pattern (is bookworm-backports in apt's sources?)" >&2; exit 1; }
dir="$cache/$want-$pkg"
rm -rf "$dir.tmp"
mkdir -p "$dir.tmp"
(cd "$dir.tmp" && apt-get download -q "$pkg" >/dev/null 2>&1) ||
	{ echo "fetch-kernels.sh: apt-get download $pkg failed" >&2; exit 1; }
dpkg-deb -x "$dir.tmp"/*.deb "$dir.tmp/root"
mkdir -p "$dir/boot"
mv "$dir.tmp"/root/boot/vmlinuz-* "$dir/boot/"
rm -rf "$dir.tmp"
ls "$dir"/boot/vmlinuz-*
