# vm: skip (the guest has no cpack, dpkg or lintian, nor the build tree)
# The Debian package: CPack builds it from the build tree, lintian finds
# nothing it has not been told about (packaging/debian/lintian-overrides),
# and dpkg installs it into an empty root where bpfkit, its links and its
# man pages work from the installed paths, then removes every file of it.
. "$TESTLIB"
: "${BUILD_DIR:?BUILD_DIR must be the build tree}"
top=$(cd "$(dirname "$TESTLIB")/../.." && pwd)

for c in cpack:cmake lintian:lintian dpkg:dpkg dpkg-deb:dpkg man:man-db chroot:coreutils; do
	command -v "${c%%:*}" >/dev/null || fail "${c%%:*} is missing: packaging/deps.sh installs it (Debian package ${c#*:})"
done

# In $T, not the build tree: a run beside a build leaves nothing there.
(cd "$BUILD_DIR" && cpack -G DEB -B "$T/cpack") >"$T/cpack.out" 2>&1 || fail "cpack: $(tail -5 "$T/cpack.out")"
deb=$(ls "$T"/cpack/bpfkit_*_amd64.deb) || fail "cpack made no .deb: $(ls "$T/cpack")"

dpkg-deb -f "$deb" >"$T/control.out"
expect_grep '^Section: admin$' "$T/control.out"
expect_no_grep '^(Pre-)?Depends:' "$T/control.out"
# A link counted at its target's size would make this 600 MB (CPack's
# count, which packaging/deb-installed-size.cmake corrects).
size=$(sed -n 's/^Installed-Size: //p' "$T/control.out")
[ "$size" -gt 1000 ] && [ "$size" -lt 20000 ] || fail "Installed-Size $size KiB"
dpkg-deb -c "$deb" >"$T/contents.out"
expect_grep ' \./usr/share/doc/bpfkit/copyright$' "$T/contents.out"
expect_grep ' \./usr/share/doc/bpfkit/changelog\.gz$' "$T/contents.out"

# Errors, warnings and even info hints fail unless overridden with a reason.
lintian --fail-on error,warning,info -I "$deb" >"$T/lintian.out" 2>&1 || fail "lintian: $(cat "$T/lintian.out")"
grep -E '^[EWI]:' "$T/lintian.out" && fail "lintian reported hints"

# An empty root with only dpkg's database: the static binary needs nothing.
R="$T/root"
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
: >"$R/var/lib/dpkg/status"
dpkg --root="$R" -i "$deb" >"$T/dpkg.out" 2>&1 || fail "dpkg -i: $(cat "$T/dpkg.out")"
dpkg --root="$R" -s bpfkit | grep -q '^Status: install ok installed$' || fail "dpkg -s: not installed"

chroot "$R" /usr/sbin/bpfkit list >"$T/list.out" 2>&1 || fail "chroot bpfkit list: $(cat "$T/list.out")"
expect_grep '^  execsnoop +Trace new processes' "$T/list.out"
chroot "$R" /usr/share/bpfkit/tools/execsnoop -h >"$T/execsnoop.out" 2>&1 || fail "chroot execsnoop -h"
expect_grep '^Usage: execsnoop ' "$T/execsnoop.out"

# One link per tool and alias of the command table, no more: the names
# `bpfkit list` prints outside its "bpfkit:" section of subcommands.
awk '/^[a-z]+:$/ { cat = $1; next } NF && cat != "bpfkit:" { print $1 }' "$T/list.out" | sort >"$T/want"
ls "$R/usr/share/bpfkit/tools" | sort >"$T/have"
[ -s "$T/want" ] || fail "bpfkit list printed no tools"
cmp -s "$T/want" "$T/have" || { diff "$T/want" "$T/have" >&2; fail "the links are not the tools of bpfkit list"; }
for l in "$R"/usr/share/bpfkit/tools/*; do
	[ "$(readlink "$l")" = ../../../sbin/bpfkit ] || fail "$l -> $(readlink "$l")"
done

# Every page of docs/, compressed as Debian wants (gzip -9n: no name, no
# time stamp), and they open.
for page in "$top"/docs/*.8; do
	gz="$R/usr/share/man/man8/$(basename "$page").gz"
	[ -f "$gz" ] || fail "no $gz"
done
[ "$(od -A n -t x1 -j 3 -N 5 "$R/usr/share/man/man8/execsnoop.8.gz" | tr -d ' ')" = 0000000000 ] ||
	fail "execsnoop.8.gz carries a name or a time stamp"
for name in execsnoop bpfkit; do
	MANWIDTH=80 man -P cat -l "$R/usr/share/man/man8/$name.8.gz" >"$T/man-$name.out" 2>&1 || fail "man -l $name.8.gz"
	expect_grep "^ +$name - " "$T/man-$name.out"
done

# Purged, it leaves no file behind: dpkg knew every one, links included.
dpkg --root="$R" -P bpfkit >"$T/purge.out" 2>&1 || fail "dpkg -P: $(cat "$T/purge.out")"
[ ! -e "$R/usr" ] || fail "left after purge: $(find "$R/usr" | head)"
echo PASS
