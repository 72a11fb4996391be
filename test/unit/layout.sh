# The include rules of README's Layout, checked on the sources (or on the
# tree given as $1): data flows cmd -> core -> probes, symbolize and histo
# are libraries, the engine (core/*) includes neither core/compiler/ nor
# core/stacks/ nor cmd/, nothing outside cmd/ includes cmd/, and no two
# files include each other even through others (a file and its header are
# one node).  Prints every broken rule and every circle, then fails.
set -eu
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top"
T=$(mktemp /tmp/bpfkit-layout.XXXXXX)
trap 'rm -f "$T"' EXIT

# "FROM TO" per include, both paths from the top: an include names a path
# from the top, or (probes, histo) a file beside it or in probes/lib.
find cmd core probes symbolize histo compat -name '*.[ch]' ! -name vmlinux.h | sort | while read -r f; do
	dir=${f%/*}
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" | while read -r inc; do
		for cand in "$inc" "$dir/$inc" "probes/lib/$inc" "probes/$inc"; do
			if [ -f "$cand" ]; then
				echo "$f $cand"
				continue 2
			fi
		done
		# Generated skeletons (build/probes/NAME.skel.h) are the probes'.
		case $inc in probes/*.skel.h) echo "$f $inc" ;; esac
	done
done >"$T"
[ -s "$T" ] || { echo "FAIL: no includes found under $top"; exit 1; }

awk '
function zone(p) {
	if (p ~ /^cmd\//) return "cmd"
	if (p ~ /^core\/compiler\//) return "compiler"
	if (p ~ /^core\/stacks\//) return "stacks"
	if (p ~ /^core\//) return "engine"
	if (p ~ /^probes\//) return "probes"
	if (p ~ /^symbolize\//) return "symbolize"
	if (p ~ /^histo\//) return "histo"
	return "compat"
}
# The node of a file: its path without .c/.h (a skeleton is the node of its BPF object).
function node(p) { sub(/\.skel\.h$/, ".bpf", p); sub(/\.[ch]$/, "", p); return p }
BEGIN {
	# What each zone may include besides itself.
	may["cmd"] = " engine compiler stacks probes symbolize histo "
	may["compiler"] = " engine probes symbolize histo "
	may["stacks"] = " engine probes symbolize histo "
	may["engine"] = " probes symbolize histo "
	may["symbolize"] = " "
	may["histo"] = " "
	may["probes"] = " "
	may["compat"] = " "
}
{
	zf = zone($1); zt = zone($2)
	if (zf != zt && index(may[zf], " " zt " ") == 0) {
		printf "FAIL: %s includes %s: %s code may not include %s code\n", $1, $2, zf, zt
		bad = 1
	}
	a = node($1); b = node($2)
	if (a != b && !((a, b) in edge)) {
		edge[a, b] = 1
		succ[a] = succ[a] " " b
		nodes[a] = nodes[b] = 1
	}
}
# Depth-first search; a node met again while on the path closes a circle.
function visit(n,    i, k, s, c) {
	state[n] = 1
	path[++depth] = n
	k = split(succ[n], s, " ")
	for (i = 1; i <= k; i++) {
		if (state[s[i]] == 1) {
			c = s[i]
			for (j = depth; j > 0 && path[j] != s[i]; j--)
				c = path[j] " -> " c
			printf "FAIL: include circle: %s -> %s\n", s[i], c
			bad = 1
		} else if (!state[s[i]]) {
			visit(s[i])
		}
	}
	depth--
	state[n] = 2
}
END {
	for (n in nodes)
		if (!state[n])
			visit(n)
	if (bad)
		exit 1
	printf "layout: %d includes between %d files, no rule broken, no circle\n", NR, length(nodes)
}
' "$T"
