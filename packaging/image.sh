#!/bin/sh
# packaging/image.sh BPFKIT OCI_DIR [TAG]: an OCI image FROM scratch (no
# base layer) holding the static binary BPFKIT, stripped, as
# /usr/sbin/bpfkit, and its link per tool and alias in
# /usr/share/bpfkit/tools (the Debian package's layout), which PATH names
# first, so the image runs `execsnoop` as a command.  Written into the OCI
# image layout OCI_DIR (made if absent) as TAG (default: bpfkit's version)
# by umoci: no daemon, no base image, nothing fetched.  Push it with e.g.
# `skopeo copy oci:OCI_DIR:TAG docker://REGISTRY/bpfkit:TAG`.
# Time stamps are SOURCE_DATE_EPOCH's when set, so a rebuild of the same
# binary gives the same layer.  Run as root: the files are owned by uid 0.
set -eu
die() { echo "image.sh: $*" >&2; exit 1; }
[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: image.sh BPFKIT OCI_DIR [TAG]"
bin=$1 oci=$2
for c in umoci strip; do
	command -v "$c" >/dev/null || die "$c is missing: packaging/deps.sh installs it"
done
[ "$(id -u)" -eq 0 ] || die "run as root: the image's files must be owned by root"
version=$("$bin" --version) || die "$bin --version failed"
tag=${3:-${version#bpfkit }}

root=$(mktemp -d /tmp/bpfkit-image.XXXXXX)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/sbin" "$root/usr/share/bpfkit/tools"
# The debug information and what dh_strip drops: a third of a
# RelWithDebInfo binary.
strip --strip-all -R .comment -R .note -o "$root/usr/sbin/bpfkit" "$bin"
# The names from the binary's own command table, as the install rules do.
"$root/usr/sbin/bpfkit" --install "$root/usr/share/bpfkit/tools" ../../../sbin/bpfkit >/dev/null
epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
find "$root" -exec touch -h -d "@$epoch" {} +
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)

[ -d "$oci" ] || umoci init --layout "$oci"
# A rebuild replaces the tag rather than stacking a layer on the old one.
umoci rm --image "$oci:$tag" 2>/dev/null || true
umoci new --image "$oci:$tag"
umoci insert --image "$oci:$tag" --history.created "$created" \
	--history.created_by "packaging/image.sh: $version" "$root/usr" /usr
umoci config --image "$oci:$tag" --no-history --created "$created" --os linux --architecture amd64 \
	--author "bpfkit maintainers" --config.label "org.opencontainers.image.version=${version#bpfkit }" \
	--config.env PATH=/usr/share/bpfkit/tools:/usr/sbin --config.cmd bpfkit --config.cmd list
# The layout keeps no blob of an earlier build of the tag.
umoci gc --layout "$oci"
echo "image.sh: $oci:$tag"
