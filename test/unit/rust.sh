# Rust names through `bpfkit sym -C`, in both manglings: test/unit/data/rust/
# names.rs built by rustc the legacy way (its default) and with
# -C symbol-mangling-version=v0.  Its functions, found by the identifiers
# nm shows in their mangled names, must come out exactly as Rust's own
# demangler prints them without hash or crate disambiguator; every frame
# of the program's own panic backtrace (RUST_BACKTRACE=1, which Rust prints
# in that form) must be the name bpfkit gives some function of the binary;
# and no function of the binary may be left mangled.
set -eu
: "${BPFKIT:?}"
src=$(cd "$(dirname "$0")/data/rust" && pwd)
T=$(mktemp -d /tmp/bpfkit-rust.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
for tool in rustc nm; do
	command -v $tool >/dev/null || fail "$tool is needed (packaging/deps.sh installs it)"
done

rustc -g -C opt-level=0 --crate-name names -o "$T/legacy" "$src/names.rs"
rustc -g -C opt-level=0 --crate-name names -C symbol-mangling-version=v0 -o "$T/v0" "$src/names.rs"

# expect BIN "PATTERN..." TEXT: the one function symbol whose mangled name
# holds every PATTERN is named TEXT with -C, and its mangled self without.
expect() {
	bin=$1 pats=$2 want=$3
	nm --defined-only "$T/$bin" | awk '$2 ~ /^[Tt]$/' >"$T/syms"
	for p in $pats; do
		grep -F -- "$p" "$T/syms" >"$T/match" || true
		mv "$T/match" "$T/syms"
	done
	[ "$(wc -l <"$T/syms")" -eq 1 ] || fail "$bin: $(wc -l <"$T/syms") symbols match '$pats'"
	read -r addr _ mangled <"$T/syms"
	got=$("$BPFKIT" sym -e "$T/$bin" -f -C "0x$addr" | head -1)
	[ "$got" = "$want" ] || fail "$bin: $mangled at 0x$addr demangled as '$got', want '$want'"
	raw=$("$BPFKIT" sym -e "$T/$bin" -f "0x$addr" | head -1)
	[ "$raw" = "$mangled" ] || fail "$bin: without -C, 0x$addr is '$raw', want '$mangled'"
	echo "ok: $bin: $mangled -> $got"
}

expect legacy "5names 11count_words" 'names::shapes::deep::count_words'
expect legacy "5names 3sum" 'names::Point<T>::sum'
expect legacy "Circle 4area" '<names::shapes::Circle as names::shapes::Area>::area'
expect legacy "5names 7largest" 'names::largest'
expect legacy "5names 5apply" 'names::apply'
expect legacy "Point Display 3fmt" '<names::Point<T> as core::fmt::Display>::fmt'

expect v0 "5names 11count_words" 'names::shapes::deep::count_words'
expect v0 "5names 3sum" '<names::Point<u32>>::sum'
expect v0 "Circle 4area" '<names::shapes::Circle as names::shapes::Area>::area'
expect v0 "5names 7largest" 'names::largest::<u64>'
expect v0 "5names 5apply" 'names::apply::<names::main::{closure#0}>'
expect v0 "Point Display 3fmt" '<names::Point<i32> as core::fmt::Display>::fmt'

for bin in legacy v0; do
	# Every function's name, one line per address (no -i: two lines each).
	nm --defined-only "$T/$bin" | awk '$2 ~ /^[Tt]$/ { print "0x" $1 }' | sort -u >"$T/$bin.addrs"
	"$BPFKIT" sym -e "$T/$bin" -f -C <"$T/$bin.addrs" | awk 'NR % 2 == 1' >"$T/$bin.names"
	n=$(wc -l <"$T/$bin.addrs")
	[ "$(wc -l <"$T/$bin.names")" -eq "$n" ] || fail "$bin: $n addresses, $(wc -l <"$T/$bin.names") names"
	if grep -E '^_R|^_ZN|\$LT\$|\$u[0-9a-f]+\$|::h[0-9a-f]{16}( |$)' "$T/$bin.names" >"$T/left"; then
		head -5 "$T/left" >&2
		fail "$bin: $(wc -l <"$T/left") of $n functions left mangled"
	fi

	# Rust's own names for the frames main -> apply -> closure -> area ->
	# sum -> panic.
	st=0
	RUST_BACKTRACE=1 "$T/$bin" panic >/dev/null 2>"$T/$bin.bt" || st=$?
	[ "$st" -eq 101 ] || fail "$bin: exited $st, not 101 for a panic"
	sed -n 's/^ *[0-9][0-9]*: //p' "$T/$bin.bt" >"$T/$bin.frames"
	frames=$(wc -l <"$T/$bin.frames")
	grep -q 'names::main' "$T/$bin.frames" || fail "$bin: no backtrace: $(cat "$T/$bin.bt")"
	while IFS= read -r f; do
		grep -qxF -- "$f" "$T/$bin.names" || fail "$bin: Rust names a frame '$f', bpfkit no function"
	done <"$T/$bin.frames"
	echo "ok: $bin: $n functions demangled, the $frames frames of Rust's own backtrace among them"
done
echo PASS
