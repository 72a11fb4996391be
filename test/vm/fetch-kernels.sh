#!/bin/sh
# Downloads Debian's own cloud kernels into a cache outside the repository
# and prints the path of the vmlinuz for the kernel asked for:
#   fetch-kernels.sh 5.10   newest linux-image-5.10.0-*-cloud-amd64-unsigned (bullseye)
#   fetch-kernels.sh 6.1    newest linux-image-6.1.0-*-cloud-amd64 (bookworm)
#   fetch-kernels.sh 6.12   newest linux-image-6.12.*+deb12-cloud-amd64 (backports)
# The package's modules are kept beside it (lib/modules/VERSION/kernel):
# the guests load the file systems and the virtio disk driver from there.
# A cached kernel is used without touching the network.
set -eu
want=${1:?usage: fetch-kernels.sh 5.10|6.1|6.12}
cache=${BPFKIT_VM_CACHE:-/var/cache/bpfkit-vm}
mkdir -p "$cache"

apt_opts=""
case "$want" in
5.10) pattern='^linux-image-5\.10\.0-[0-9]+-cloud-amd64-unsigned$' ;;
6.1) pattern='^linux-image-6\.1\.0-[0-9]+-cloud-amd64$' ;;
6.12) pattern='^linux-image-6\.12\.[0-9]+\+deb12-cloud-amd64$' ;;
*) echo "fetch-kernels.sh: unknown kernel '$want' (5.10, 6.1 or 6.12)" >&2; exit 2 ;;
esac

# A kernel already extracted wins: CI runs stay offline after the first.
# One extracted before the modules were kept is fetched again.
cached=$(for d in "$cache/$want"-*/; do
	[ -d "$d/lib/modules" ] && ls "$d"boot/vmlinuz-* 2>/dev/null
done | sort -V | tail -n 1 || true)
if [ -n "$cached" ] && [ "${BPFKIT_VM_REFRESH:-0}" != 1 ]; then
	echo "$cached"
	exit 0
fi

if [ "$want" = 5.10 ]; then
	# Bullseye's kernels, from an apt configuration of their own in the
	# cache: the host's sources stay as they are, and nothing from an
	# older release can reach the host's installs.
	apt="$cache/apt-bullseye"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	cat >"$apt/sources.list" <<'SRC'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bullseye-security main
SRC
	apt_opts="-o Dir::Etc::SourceList=$apt/sources.list -o Dir::Etc::SourceParts=/dev/null
		-o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt/cache"
	# shellcheck disable=SC2086
	apt-get -q $apt_opts update >/dev/null 2>&1 ||
		{ echo "fetch-kernels.sh: apt-get update of bullseye's sources failed" >&2; exit 1; }
fi

# shellcheck disable=SC2086
pkgs=$(apt-cache $apt_opts search --names-only "$pattern" | awk '{print $1}' | sort -Vr)
[ -n "$pkgs" ] || { echo "fetch-kernels.sh: no package matches $pattern (is bookworm-backports in apt's sources?)" >&2; exit 1; }
# Newest first; a mirror may list a security update whose file it does not
# have yet, so an older build of the same series is the fallback.
rm -rf "$cache/$want.tmp"
mkdir -p "$cache/$want.tmp"
got=""
for pkg in $pkgs; do
	# shellcheck disable=SC2086
	if (cd "$cache/$want.tmp" && apt-get $apt_opts download -q "$pkg" >/dev/null 2>&1); then
		got=$pkg
		break
	fi
done
[ -n "$got" ] || { rm -rf "$cache/$want.tmp"; echo "fetch-kernels.sh: apt-get download failed for every one of:" $pkgs >&2; exit 1; }
dir="$cache/$want-$got"
dpkg-deb -x "$cache/$want.tmp"/*.deb "$cache/$want.tmp/root"
rm -rf "$dir"
mkdir -p "$dir/boot" "$dir/lib"
mv "$cache/$want.tmp"/root/boot/vmlinuz-* "$dir/boot/"
mv "$cache/$want.tmp"/root/lib/modules "$dir/lib/"
rm -rf "$cache/$want.tmp"
ls "$dir"/boot/vmlinuz-*
