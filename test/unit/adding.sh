# docs/adding-a-tool.md against the tree: its worked example is a real tool
# (killsnoop), so every listing marked "<!-- file: PATH -->" must be PATH
# byte for byte, and every one marked "<!-- from: PATH -->" a run of PATH's
# lines; the page names each file a new tool needs; and the example is in
# the binary (live.killsnoop traces with it).
set -eu
: "${BPFKIT:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
doc="$top/docs/adding-a-tool.md"
T=$(mktemp -d /tmp/bpfkit-adding.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Each marked listing to $T/N.block, its kind and path to $T/N.what.
awk -v dir="$T" '
	/^<!-- (file|from): [^ ]+ -->$/ { n++; kind = $2; path = $3; sub(/:$/, "", kind); next }
	kind != "" && /^```/ && !inside { inside = 1; print kind, path > (dir "/" n ".what"); printf "" > (dir "/" n ".block"); next }
	inside && /^```$/ { inside = 0; kind = ""; next }
	inside { print > (dir "/" n ".block") }
' "$doc"
files=0 runs=0
for what in "$T"/*.what; do
	[ -e "$what" ] || fail "no marked listings in $doc"
	read -r kind path <"$what"
	block=${what%.what}.block
	[ -f "$top/$path" ] || fail "$doc lists $path, which does not exist"
	if [ "$kind" = file ]; then
		cmp -s "$block" "$top/$path" || { diff -u "$top/$path" "$block" || true; fail "$doc: the listing of $path is not the file"; }
		files=$((files + 1))
	else
		# The listing's lines, in order and together, somewhere in the file.
		awk 'NR == FNR { want[n++] = $0; next }
			{ got[m++] = $0 }
			END {
				for (s = 0; s + n <= m; s++) {
					for (i = 0; i < n && got[s + i] == want[i]; i++) ;
					if (i == n) exit 0
				}
				exit 1
			}' "$block" "$top/$path" || { cat "$block"; fail "$doc: this excerpt is not in $path"; }
		runs=$((runs + 1))
	fi
done
[ "$files" -ge 2 ] || fail "expected the example's cmd/ and probes/ files in full, got $files"
for f in cmd/NAME.c probes/NAME.bpf.c probes/NAME.h docs/NAME.8 test/live/NAME.sh README.md; do
	grep -Fq "\`$f\`" "$doc" || fail "$doc does not name $f"
done
"$BPFKIT" killsnoop -h >"$T/help" || fail "killsnoop -h failed"
grep -q '^Trace signals issued by the kill() syscall\.$' "$T/help" || fail "killsnoop -h: $(head -3 "$T/help")"
echo "PASS: $files files and $runs excerpts of the worked example as in the tree"
