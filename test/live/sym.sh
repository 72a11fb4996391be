# bpfkit sym on live processes and the kernel: a running program's function
# with its source line; the same after its binary is deleted (read through
# /proc/PID/map_files) and when it runs in another root (/proc/PID/root);
# JIT names from /tmp/perf-PID.map; the vdso; kernel symbols with offsets.
. "$TESTLIB"

src=$(dirname "$TESTLIB")/../progs/inliner.c
[ -f "$src" ] || src=/tests/progs/inliner.c
# The function starts at its opening brace, the line after its name.
first=$(( $(grep -n "^__attribute__((noinline)) void hot_outer" "$src" | cut -d: -f1) + 1 ))

# addr_of FILE: the address the program printed.
addr_of() {
	wait_for "$1" '^hot_outer 0x'
	sed -n 's/^hot_outer //p' "$1"
}

cp "$TESTBIN/inliner" "$T/victim"
gated_start "$T/victim" 10 addr
a=$(addr_of "$T/prog.out")
"$BPFKIT" sym -p "$PROG_PID" -f "$a" >"$T/live.out" || fail "sym -p"
[ "$(sed -n 1p "$T/live.out")" = hot_outer ] || fail "sym -p $a: $(cat "$T/live.out")"
expect_grep "/inliner.c:$first(:[0-9]+)?$" "$T/live.out"
"$BPFKIT" sym -p "$PROG_PID" --json "$a" >"$T/json.out"
expect_grep '"function":"hot_outer","offset":0,"inlined":false,"file":"[^"]*inliner.c"' "$T/json.out"
echo "ok: live: $a is hot_outer at inliner.c:$first"

# Deleted while it runs.
rm "$T/victim"
"$BPFKIT" sym -p "$PROG_PID" -f "$a" >"$T/gone.out"
[ "$(sed -n 1p "$T/gone.out")" = hot_outer ] || fail "deleted binary: $(cat "$T/gone.out")"
echo "ok: deleted binary still names hot_outer"

# JIT code: perf's map file names what no ELF file does.
printf '10000000 40 jit_compiled_fn\n10000040 40 jit_other\n' >"/tmp/perf-$PROG_PID.map"
"$BPFKIT" sym -p "$PROG_PID" -f 0x10000048 >"$T/jit.out"
rm -f "/tmp/perf-$PROG_PID.map"
[ "$(sed -n 1p "$T/jit.out")" = jit_other ] || fail "perf map: $(cat "$T/jit.out")"
echo "ok: perf map: jit_other"

# The vdso: every 16th byte of its text; its functions have names.
vdso=$(awk '/\[vdso\]/ { split($1, r, "-"); print r[1]; exit }' "/proc/$PROG_PID/maps")
[ -n "$vdso" ] || fail "no vdso in the test program"
i=0
while [ $i -lt 512 ]; do printf '0x%x\n' $((0x$vdso + i * 16)); i=$((i + 1)); done >"$T/vdso.addrs"
"$BPFKIT" sym -p "$PROG_PID" -f <"$T/vdso.addrs" >"$T/vdso.out"
expect_grep '^(__vdso_)?clock_gettime$' "$T/vdso.out"
echo "ok: vdso: $(grep -cE '^(__vdso_|clock|gettimeofday|time|getcpu)' "$T/vdso.out") addresses named"
poke
wait "$PROG_PID"

# In another root, as a container's process: its /bin/inliner is not ours.
R="$T/root"
mkdir -p "$R/bin"
cp "$TESTBIN/inliner" "$R/bin/inliner"
# A fresh gate: the first one still holds the rest of the earlier poke.
mkfifo "$T/gate2"
exec 4<>"$T/gate2"
chroot "$R" /bin/inliner 10 addr <&4 >"$T/c.out" 2>&1 &
cpid=$!
BG_PIDS="$BG_PIDS $cpid"
a=$(addr_of "$T/c.out")
"$BPFKIT" sym -p "$cpid" -f "$a" >"$T/root.out"
[ "$(sed -n 1p "$T/root.out")" = hot_outer ] || fail "chroot: $(cat "$T/root.out")"
echo go >&4
wait "$cpid"
echo "ok: process in another root"

# Kernel: a function from kallsyms, at an offset, and its module if any.
line=$(grep -m1 ' [Tt] vfs_read$' /proc/kallsyms) || fail "vfs_read not in kallsyms"
k=$(echo "$line" | cut -d' ' -f1)
[ "$k" != 0000000000000000 ] || fail "kallsyms addresses are hidden (kptr_restrict)"
# Kernel addresses overflow shell arithmetic: vfs_read is 16-byte aligned,
# so +8 is its last digit replaced.
case $k in *0) ;; *) fail "vfs_read at $k is not aligned" ;; esac
out=$("$BPFKIT" sym -k "0x${k%0}8")
[ "$out" = "vfs_read+0x8" ] || fail "sym -k 0x${k%0}8: $out"
mod=$(grep -m1 -E ' [Tt] [a-z_]+\s+\[[a-z0-9_]+\]$' /proc/kallsyms || true)
if [ -n "$mod" ]; then
	m=$(echo "$mod" | awk '{ print $1 }')
	out=$("$BPFKIT" sym -k "0x$m")
	echo "$out" | grep -Eq '^[a-z_]+\+0x0 \[[a-z0-9_]+\]$' || fail "module symbol: $out"
	echo "ok: kernel: vfs_read+0x8, $out"
else
	echo "ok: kernel: vfs_read+0x8 (no modules loaded)"
fi

# Names to addresses, the other way: a static program's function where nm
# puts it and where the running program says it is; a kernel function where
# /proc/kallsyms does.
TOOL_PID=""
gated_start "$TESTBIN/inliner" 10 addr
a=$(addr_of "$T/prog.out")
want=$(printf '0x%016x' "$a")
"$BPFKIT" sym -p "$PROG_PID" hot_outer >"$T/rev.out" || fail "sym -p PID hot_outer: $(cat "$T/rev.out")"
expect_grep "^$want hot_outer " "$T/rev.out"
nmv=$(nm "$TESTBIN/inliner" 2>/dev/null | sed -n 's/^\([0-9a-f]*\) T hot_outer$/\1/p')
if [ -n "$nmv" ]; then
	"$BPFKIT" sym -e "$TESTBIN/inliner" hot_outer >"$T/rev.out"
	expect_line "$T/rev.out" "$(printf '0x%016x hot_outer' "0x$nmv")"
fi
kv=$(sed -n 's/^\([0-9a-f]*\) [Tt] vfs_read$/\1/p' /proc/kallsyms | head -1)
"$BPFKIT" sym -k vfs_read >"$T/rev.out" || fail "sym -k vfs_read"
expect_line "$T/rev.out" "0x$kv vfs_read"
"$BPFKIT" sym -k --json vfs_read >"$T/rev.out"
expect_line "$T/rev.out" "{\"name\":\"vfs_read\",\"address\":\"0x$(echo "$kv" | sed 's/^0*//')\"}"
expect_bad_input "no such kernel symbol" "$BPFKIT" sym -k no_such_function_here
expect_bad_input "no such symbol in the file" "$BPFKIT" sym -e "$TESTBIN/inliner" no_such_function_here
echo "ok: names to addresses: hot_outer at $want, vfs_read at 0x$kv"
# A position-independent library in a real process: libc's malloc where
# the dynamic linker put it (python3.11's ctypes asks libc's handle: the
# executable's own canonical PLT entry for malloc is another address).
if [ -x /usr/bin/python3.11 ]; then
	TOOL_PID=""
	gated_start /usr/bin/python3.11 -c 'import ctypes, sys
print("malloc", hex(ctypes.cast(ctypes.CDLL("libc.so.6").malloc, ctypes.c_void_p).value), flush=True)
sys.stdin.readline()'
	wait_for "$T/prog.out" '^malloc 0x'
	m=$(printf '0x%016x' "$(sed -n 's/^malloc //p' "$T/prog.out")")
	"$BPFKIT" sym -p "$PROG_PID" malloc >"$T/rev.out" || fail "sym -p PID malloc"
	expect_grep "^$m malloc .*/libc\.so\.6$" "$T/rev.out"
	[ "$(wc -l <"$T/rev.out")" -eq 1 ] || fail "one malloc expected: $(cat "$T/rev.out")"
	poke
	echo "ok: libc's malloc in python3.11 at $m"
fi
expect_bad_input "bad pid" "$BPFKIT" sym -p 999999999 0x1
echo PASS
