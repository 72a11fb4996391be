# The help of the declared tools, byte for byte: `TOOL -h` and `TOOL --usage`
# against test/unit/data/help/TOOL.txt.  Core builds these from each tool's
# declaration (core/tool.h), so a change there shows here as a diff.
# After a deliberate change: BPFKIT=build/bpfkit UPDATE=1 sh test/unit/help.sh
set -eu
: "${BPFKIT:?}"
data=$(cd "$(dirname "$0")/data/help" && pwd)
T=$(mktemp -d /tmp/bpfkit-help.XXXXXX)
trap 'rm -rf "$T"' EXIT
# argp's layout follows ARGP_HELP_FMT; the goldens are argp's default.
unset ARGP_HELP_FMT
failed=0 n=0
for golden in "$data"/*.txt; do
	tool=$(basename "$golden" .txt)
	{
		echo "\$ $tool -h"
		"$BPFKIT" "$tool" -h
		echo "exit $?"
		echo "\$ $tool --usage"
		"$BPFKIT" "$tool" --usage
		echo "exit $?"
	} >"$T/$tool.txt" 2>&1
	if [ -n "${UPDATE:-}" ]; then
		cp "$T/$tool.txt" "$golden"
	elif ! cmp -s "$golden" "$T/$tool.txt"; then
		echo "FAIL: $tool's help differs from $golden:"
		diff -u "$golden" "$T/$tool.txt" || true
		failed=$((failed + 1))
	fi
	n=$((n + 1))
done
[ "$n" -gt 0 ] || { echo "FAIL: no goldens in $data"; exit 1; }
[ "$failed" -eq 0 ] || exit 1
echo "PASS: $n tools' help as pinned"
