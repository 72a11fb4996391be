#!/bin/sh
# Installs what building and testing bpfkit needs on Debian bookworm (or a
# newer Debian/Ubuntu): clang/LLVM and bpftool to build the BPF programs,
# libbpf/libelf/libdw static archives to link the single static binary,
# and the tools the test tiers drive (QEMU, busybox, elfutils' eu-addr2line
# for the symbolizer comparison, g++, xz, bpftool, groff to render the man
# pages in unit.docs, rustc to build the Rust programs unit.rust demangles,
# xfsprogs and btrfs-progs to make the VM tier's disks),
# and libiberty's static archive for its Rust demangler.
# libbpf 1.4 and bpftool 7.5 come from bookworm-backports.
set -eu
[ "$(id -u)" -eq 0 ] || { echo "deps.sh: run as root (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

. /etc/os-release
backports=""
if [ "${VERSION_CODENAME:-}" = bookworm ]; then
	if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d; then
		cat >/etc/apt/sources.list.d/bpfkit-backports.sources <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	fi
	backports="-t bookworm-backports"
fi
apt-get update -qq
# Built against backports' libbpf/libelf/libdw (static archives included).
apt-get install -y -qq --no-install-recommends $backports \
	libbpf-dev bpftool libelf-dev libdw-dev elfutils >/dev/null
apt-get install -y -qq --no-install-recommends \
	build-essential cmake clang llvm pkg-config zlib1g-dev libzstd-dev liblzma-dev libbz2-dev libiberty-dev \
	linux-libc-dev systemtap-sdt-dev util-linux procps g++ binutils xz-utils \
	qemu-system-x86 busybox-static cpio xfsprogs btrfs-progs acpica-tools chromium groff-base rustc >/dev/null
# What the packaging tests drive: lintian on the .deb and man-db to open its
# pages (live.package); umoci to build the image and runc to run it
# (live.image); python3-yaml to read the DaemonSet (unit.daemonset).
apt-get install -y -qq --no-install-recommends lintian man-db umoci runc python3 python3-yaml >/dev/null
# Prometheus itself (with promtool), which live.prometheus starts on
# 127.0.0.1 to scrape --prometheus and query what it stored.
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
# The real runtimes the language and application tools are tested on:
# OpenSSL's and GnuTLS's command-line peers, NSS's libraries, PostgreSQL 15,
# OpenJDK 17, Debian's own python3.11, ruby3.1 (its libruby3.1) and php8.2
# (which carry USDT probes), and MariaDB 10.11 (which has none: dbslower -x
# uses uprobes); and Go, whose `go tool pprof` reads the stack tools'
# --pprof profiles.
apt-get install -y -qq --no-install-recommends \
	openssl gnutls-bin libnss3 libnspr4 postgresql-15 openjdk-17-jdk-headless python3.11 ruby3.1 php8.2-cli \
	mariadb-server golang-go >/dev/null
echo "deps.sh: build and test dependencies installed"
