# README's tool table against the command table: the same tools, in the
# order and under the categories `bpfkit list` prints, and each of bpfkit's
# own subcommands named in README.  A tool added without its row (or a row
# left behind by a renamed tool) fails here.
set -eu
: "${BPFKIT:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
T=$(mktemp -d /tmp/bpfkit-readme.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$BPFKIT" list >"$T/list" || fail "bpfkit list failed"
# "category tool" per installed tool; bpfkit's own subcommands apart.
awk '/^[a-z]+:$/ { cat = substr($1, 1, length($1) - 1); next }
     NF && cat != "bpfkit" { print cat, $1 }' "$T/list" >"$T/want"
awk '/^bpfkit:$/ { on = 1; next } /^[a-z]+:$/ { on = 0 } on && NF { print $1 }' "$T/list" >"$T/builtins"
[ -s "$T/want" ] || fail "bpfkit list printed no tools"
[ -s "$T/builtins" ] || fail "bpfkit list printed no subcommands"

# The table's rows: "| category | `tool` | what it shows |".
awk -F'|' '/^\| *category *\| *tool *\|/ { on = 1; next }
	   on && /^\|-/ { next }
	   on && /^\|/ { c = $2; t = $3; gsub(/[ `]/, "", c); gsub(/[ `]/, "", t); print c, t; next }
	   on { exit }' "$top/README.md" >"$T/have"
[ -s "$T/have" ] || fail "README.md has no tool table (| category | tool | what it shows |)"
if ! cmp -s "$T/want" "$T/have"; then
	diff -u "$T/want" "$T/have" | sed 's/^/  /'
	fail "README.md's tool table is not the command table (- bpfkit list, + README; same order)"
fi
while read -r b; do
	grep -q "bpfkit $b\b" "$top/README.md" || fail "README.md never mentions \`bpfkit $b\`"
done <"$T/builtins"
echo "readme: $(wc -l <"$T/want") tools and $(wc -l <"$T/builtins") subcommands as the command table has them"
