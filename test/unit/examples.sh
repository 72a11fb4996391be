# docs/examples/TOOL.txt against the command table: every tool `bpfkit list`
# prints has its example session (an alias such as javacalls, "ucalls -l
# java", is shown in its tool's file), the file names its tool and shows at
# least one command line "# bpfkit TOOL ..." (or "# TOOL ..."), and every
# option on those command lines is one the tool's --help lists, with its
# argument where it takes one.  A renamed or removed option leaves an example
# that no longer runs: it fails here.  Tools still without a session are
# named in test/unit/data/examples-todo.txt; one that gets its file must
# leave that list.
set -eu
: "${BPFKIT:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
dir="$top/docs/examples"
T=$(mktemp -d /tmp/bpfkit-examples.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$BPFKIT" list >"$T/list" || fail "bpfkit list failed"
# "name file": an alias's description is its tool's command line.
awk '/^[a-z]+:$/ || !NF { next }
     NF == 4 && $3 == "-l" { print $1, $2; next }
     { print $1, $1 }' "$T/list" >"$T/names"
[ -s "$T/names" ] || fail "bpfkit list printed no tools"
cut -d' ' -f1 "$T/names" >"$T/known"
todo="$top/test/unit/data/examples-todo.txt"
: >"$T/todo"
[ -f "$todo" ] && grep -v '^#' "$todo" | sed '/^$/d' >"$T/todo"
while read -r t; do
	grep -qx -- "$t" "$T/known" || fail "examples-todo.txt names $t, which bpfkit list does not print"
	[ ! -f "$dir/$t.txt" ] || fail "docs/examples/$t.txt exists: take $t out of examples-todo.txt"
done <"$T/todo"

# options HELP: "-x 1" / "--long 0" per option, 1 when it takes an
# argument, "rest" for one that runs the rest of the line (--exec).
options() {
	awk '/^  +-/ {
		line = $0; sub(/^ +/, "", line)
		spec = line; sub(/   .*/, "", spec)
		n = split(spec, parts, /, /)
		for (i = 1; i <= n; i++) {
			o = parts[i]; arg = 0
			if (o ~ /\[=/) { sub(/\[=.*/, "", o); arg = 2 }
			else if (o ~ /=/) { sub(/=.*/, "", o); arg = 1 }
			else if (o ~ /^-[^-] [A-Z]/) { o = substr(o, 1, 2); arg = 1 }
			if (i < n && o ~ /^-[^-]$/) {
				# "-x, --long=ARG": the short one takes what the long one does.
				l = parts[n]
				if (l ~ /\[=/) arg = 2; else if (l ~ /=/) arg = 1
			}
			if (line ~ /the rest of/) arg = "rest"
			print o, arg
		}
	}'
}

# words LINE: the shell words of a command line, one a line, quotes
# removed, up to a pipe, redirection or command separator; a $(...) is
# one word.
words() {
	printf '%s\n' "$1" | awk '{
		s = $0; i = 1; n = length(s); w = ""; inw = 0
		while (i <= n) {
			c = substr(s, i, 1)
			if (c == "\047") { j = index(substr(s, i + 1), "\047"); w = w substr(s, i + 1, j - 1); i += j + 1; inw = 1; continue }
			if (c == "\"") { j = index(substr(s, i + 1), "\""); w = w substr(s, i + 1, j - 1); i += j + 1; inw = 1; continue }
			if (c == "$" && substr(s, i + 1, 1) == "(") { j = index(substr(s, i), ")"); w = w substr(s, i, j); i += j; inw = 1; continue }
			if (c == " " || c == "\t") { if (inw) print w; w = ""; inw = 0; i++; continue }
			if (!inw && (c == "|" || c == ";" || c == "&" || c == ">" || c == "<")) exit
			w = w c; inw = 1; i++
		}
		if (inw) print w
	}'
}

# check TOOL FILE LINE: each option word of LINE is in TOOL's help.
check() {
	tool=$1 where=$2 line=$3
	[ -s "$T/opts.$tool" ] || "$BPFKIT" "$tool" --help 2>/dev/null | options >"$T/opts.$tool"
	[ -s "$T/opts.$tool" ] || fail "$tool --help lists no options"
	words "$line" >"$T/words"
	want=0
	while IFS= read -r w; do
		if [ "$want" = 1 ]; then want=0; continue; fi
		case $w in
		--) break ;;
		--*=*) o=${w%%=*} ;;
		--*) o=$w ;;
		-) continue ;;
		-[0-9]*)
			# -4 is an option of tcpconnect, a number elsewhere.
			grep -q -- "^${w%"${w#??}"} " "$T/opts.$tool" || continue
			o=$w ;;
		-*) o=$w ;;
		*) continue ;;
		esac
		case $o in
		--*)
			a=$(awk -v o="$o" '$1 == o { print $2; exit }' "$T/opts.$tool")
			[ -n "$a" ] || fail "$where: '$line': $tool has no option $o (see $tool --help)"
			[ "$a" = rest ] && break
			[ "$a" = 1 ] && [ "$w" = "$o" ] && want=1
			;;
		*)
			# A cluster of short options; the first that takes an
			# argument takes the rest of the word, or the next word.
			rest=${o#-}
			while [ -n "$rest" ]; do
				c=${rest%"${rest#?}"}
				rest=${rest#?}
				a=$(awk -v o="-$c" '$1 == o { print $2; exit }' "$T/opts.$tool")
				[ -n "$a" ] || fail "$where: '$line': $tool has no option -$c (see $tool --help)"
				if [ "$a" = 1 ] || [ "$a" = 2 ]; then
					[ -z "$rest" ] && [ "$a" = 1 ] && want=1
					break
				fi
			done
			;;
		esac
	done <"$T/words"
	[ "$want" = 0 ] || fail "$where: '$line': its last option wants an argument"
}

files=0 cmds=0
while read -r name file; do
	f="$dir/$file.txt"
	if [ ! -f "$f" ]; then
		grep -qx -- "$file" "$T/todo" && continue
		fail "$name has no example session docs/examples/$file.txt"
	fi
	grep -qw -- "$file" "$f" || fail "docs/examples/$file.txt never names $file"
	[ "$name" = "$file" ] || continue
	files=$((files + 1))
	# Command lines of any tool: "# bpfkit TOOL ..." or "# TOOL ...".
	sed -n 's/^# \(bpfkit \)\{0,1\}\([a-z][a-z0-9_-]*\)\( .*\)\{0,1\}$/\2\3/p' "$f" >"$T/cmds"
	own=0
	while IFS= read -r cmd; do
		t=${cmd%% *}
		grep -qx -- "$t" "$T/known" || continue
		[ "$t" = "$file" ] && own=$((own + 1))
		check "$t" "docs/examples/$file.txt" "${cmd#"$t"}"
		cmds=$((cmds + 1))
	done <"$T/cmds"
	[ "$own" -gt 0 ] || fail "docs/examples/$file.txt shows no command line '# bpfkit $file ...'"
done <"$T/names"
echo "examples: $files example sessions, $cmds command lines, every option in its tool's --help; $(wc -l <"$T/todo") tools still to do"
