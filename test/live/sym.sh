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
expect_bad_input "bad pid" "$BPFKIT" sym -p 999999999 0x1
echo PASS
