# Dispatch: bpfkit TOOL, symlinks by tool name (busybox style), list,
# help, --version, --install, --ebpf, and the static build itself.
. "$TESTLIB"

# (The VM guest has no file(1); scratch.sh proves the static build there.)
if command -v file >/dev/null; then
	file -L "$BPFKIT" | grep -q 'statically linked' || fail "bpfkit is not statically linked: $(file -L "$BPFKIT")"
fi
"$BPFKIT" --version | grep -Eq '^bpfkit [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$BPFKIT" list >"$T/list.out" || fail "list"
for t in execsnoop opensnoop runqlat syscount; do
	grep -Eq "^  $t +[A-Z]" "$T/list.out" || fail "list lacks $t"
	"$BPFKIT" help "$t" | grep -q 'Examples:' || fail "help $t"
	"$BPFKIT" "$t" -h | grep -q -- '--ebpf' || fail "$t -h"
done
expect_grep '^process:$' "$T/list.out"

"$BPFKIT" --install "$T/bin" >"$T/install.out" || fail "--install"
[ -L "$T/bin/execsnoop" ] || fail "no execsnoop symlink"
[ ! -e "$T/bin/list" ] || fail "builtin subcommands must not be linked"
# Through the symlink, the tool runs by its own name.
"$T/bin/syscount" -l | grep -q ' getpid ' || fail "symlinked syscount"
"$T/bin/runqlat" -1 2>"$T/sym.err" && fail "symlinked runqlat accepted -1"
grep -q '^runqlat: ' "$T/sym.err" || fail "errors must carry the tool name: $(cat "$T/sym.err")"

# --ebpf prints the loaded instructions and exits without tracing.
"$BPFKIT" syscount --ebpf >"$T/ebpf.out" || fail "--ebpf"
expect_grep '^; program exit_btf \(tp_btf sys_exit\), [0-9]+ instructions$' "$T/ebpf.out"
expect_grep '^ +0: ' "$T/ebpf.out"
expect_grep 'exit$' "$T/ebpf.out"
echo PASS
