# memleak: a test program's nine allocators (leaker_dyn), each from its own
# function with its own size, KEPT blocks outstanding after 2 frees: -p
# reports exactly those bytes and counts per stack; --combined-only with
# --sort count -T 3 the three with most blocks; -c runs the command (one
# that frees all: nothing outstanding); -t prints each call; the kernel
# mode sees the pipes a program keeps open by their kmalloc stack; an
# allocator lacking the optional functions is warned of and traced; bad
# input is refused.
# vm: skip (uprobes and kmem tracepoints, the same in the guests; its 21 s here
# would be minutes in each emulated guest)
. "$TESTLIB"

HDR='^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\] Top [0-9]+ stacks with outstanding allocations:$'
export HDR

# report_table FILE N: the Nth report of FILE as "FUNC BYTES COUNT" lines,
# FUNC the stack's first frame.
report_table() {
	awk -v want="$2" '
		$0 ~ ENVIRON["HDR"] { r++; next }
		r != want { next }
		/^\t[0-9]+ bytes in [0-9]+ allocations from stack$/ { b = $1; c = $4; first = 1; next }
		first && /^\t\t/ { f = $0; sub(/^\t\t(0x[0-9a-f]+\t)?/, "", f); sub(/[+ ].*/, "", f); print f, b, c; first = 0 }
	' "$1"
}

# after_ready FILE: once the program said "allocated", the number of a
# report that surely read the maps after it (the second one begun later),
# waited for, and the tool stopped (so it is whole).
settled_report() {
	wait_for "$T/prog.out" '^allocated$'
	_n=$(grep -Ec "$HDR" "$1")
	wait_for_lines "$1" "$HDR" $((_n + 2))
	stop_tool
	REPORT=$((_n + 2))
}

cat >"$T/expected" <<'EOF'
leak_valloc 5003 1
leak_calloc 5055 5
leak_malloc 6006 6
leak_aligned_alloc 6016 2
leak_realloc 8012 4
leak_posix_memalign 9015 3
leak_memalign 42049 7
leak_pvalloc 56008 8
leak_mmap 110592 9
EOF

# -p -a: every allocator's stack, smallest total first, and nothing else.
gated_start "$TESTBIN/leaker_dyn"
start_tool memleak -a -p "$PROG_PID" 1
wait_for "$T/memleak.out" "^Attaching to pid $PROG_PID, Ctrl\\+C to quit\\.$"
poke
settled_report "$T/memleak.out"
report_table "$T/memleak.out" "$REPORT" >"$T/plain"
diff "$T/expected" "$T/plain" >"$T/diff" || fail "-p report: $(cat "$T/diff")"
[ ! -s "$T/memleak.err" ] || fail "-p said: $(cat "$T/memleak.err")"
# -a: each of the 45 blocks, smallest first, before the stacks.
awk -v want="$REPORT" '$0 ~ ENVIRON["HDR"] { r++; next } r == want && /^\taddr = [0-9a-f]+ size = [0-9]+$/ { print $5 }' \
	"$T/memleak.out" >"$T/sizes"
[ "$(wc -l <"$T/sizes")" -eq 45 ] || fail "-a: $(wc -l <"$T/sizes") blocks listed, expected 45"
sort -n "$T/sizes" | cmp -s - "$T/sizes" || fail "-a: blocks not smallest first"
poke
wait_for "$T/prog.out" '^freed$'
poke
wait "$PROG_PID" || fail "leaker_dyn failed"

# --combined-only --sort count -T 3: the BPF side's totals agree.
gated_start "$TESTBIN/leaker_dyn"
start_tool memleak -p "$PROG_PID" --combined-only --sort count -T 3 1
wait_for "$T/memleak.out" "^Attaching to pid $PROG_PID"
poke
settled_report "$T/memleak.out"
report_table "$T/memleak.out" "$REPORT" >"$T/combined"
tail -n 3 "$T/expected" | diff - "$T/combined" >"$T/diff" || fail "--combined-only: $(cat "$T/diff")"
expect_grep "^Top 3 stacks|\\] Top 3 stacks" "$T/memleak.out"
poke
wait_for "$T/prog.out" '^freed$'
poke
wait "$PROG_PID" || fail "leaker_dyn failed"

# -t: each malloc of leak_malloc (8) and each of its frees (2).
gated_start "$TESTBIN/leaker_dyn"
start_tool memleak -p "$PROG_PID" -t
wait_for "$T/memleak.out" "^Attaching to pid $PROG_PID"
poke
wait_for "$T/prog.out" '^allocated$'
wait_for_lines "$T/memleak.out" 'free entered, address = [0-9a-f]+, size = 12288$' 2
stop_tool
n=$(grep -Ec "^leaker_dyn-$PROG_PID \\[[0-9]{3}\\] [0-9.]+: alloc exited, size = 1001, result = [0-9a-f]+$" "$T/memleak.out")
[ "$n" -eq 8 ] || fail "-t: $n malloc returns of 1001 bytes, expected 8"
n=$(grep -Ec 'free entered, address = [0-9a-f]+, size = 1001$' "$T/memleak.out")
[ "$n" -eq 2 ] || fail "-t: $n frees of 1001 bytes, expected 2"
expect_no_grep "$HDR" "$T/memleak.out"
poke
wait_for "$T/prog.out" '^freed$'
poke
wait "$PROG_PID" || fail "leaker_dyn failed"

# An allocator without the functions memleak may go without (valloc,
# pvalloc, aligned_alloc, mmap, munmap; as BCC's can_fail): a warning for
# each, and the rest traced: my_malloc's 3 kept blocks of 777 bytes.
gated_start "$TESTBIN/prefixalloc"
start_tool memleak -p "$PROG_PID" -O "$TESTBIN/prefixalloc" --symbols-prefix my_ 1
wait_for "$T/memleak.out" "^Attaching to pid $PROG_PID"
poke
settled_report "$T/memleak.out"
report_table "$T/memleak.out" "$REPORT" >"$T/prefixed"
echo "main 2331 3" | diff - "$T/prefixed" >"$T/diff" || fail "--symbols-prefix report: $(cat "$T/diff")"
for f in mmap valloc pvalloc aligned_alloc munmap; do
	[ "$(grep -c "has no function my_$f\$" "$T/memleak.err")" -eq 1 ] ||
		fail "no one warning for my_$f: $(cat "$T/memleak.err")"
done
[ "$(wc -l <"$T/memleak.err")" -eq 5 ] || fail "optional allocators: $(cat "$T/memleak.err")"
poke
wait "$PROG_PID" || fail "prefixalloc failed"

# -c: memleak runs the command (on the gate as its stdin); it frees all.
exec 3>&-
rm -f "$T/gate"
mkfifo "$T/gate"
exec 3<>"$T/gate"
: >"$T/memleak.out"
"$BPFKIT" memleak -c "$TESTBIN/leaker_dyn all" 1 <&3 >"$T/memleak.out" 2>"$T/memleak.err" &
TOOL_PID=$!
BG_PIDS="$BG_PIDS $TOOL_PID"
wait_for "$T/memleak.out" "^Attaching to pid [0-9]+, Ctrl\\+C to quit\\.$"
expect_grep "^Executing '$TESTBIN/leaker_dyn all' and tracing the resulting process\\.$" "$T/memleak.out"
child=$(sed -n 's/^Attaching to pid \([0-9]*\),.*/\1/p' "$T/memleak.out")
[ "$(readlink "/proc/$child/exe")" = "$(readlink -f "$TESTBIN/leaker_dyn")" ] || fail "-c: pid $child is not the command"
poke
wait_for "$T/memleak.out" '^allocated$'
n=$(grep -Ec "$HDR" "$T/memleak.out")
wait_for_lines "$T/memleak.out" "$HDR" $((n + 3))
report_table "$T/memleak.out" $((n + 2)) >"$T/all"
[ ! -s "$T/all" ] || fail "-c with everything freed still shows: $(cat "$T/all")"
poke
wait_for "$T/memleak.out" '^freed$'
poke
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "-c: memleak exited $TOOL_RC when the command ended"

# Kernel: 50 pipes held open are 50 pipe_inode_info from alloc_pipe_info.
gated_start "$TESTBIN/pipeholder" 50
start_tool memleak -o 0 -T 100000 1
wait_for "$T/memleak.out" '^Attaching to kernel allocators, Ctrl\+C to quit\.$'
poke
wait_for "$T/prog.out" '^ok$'
n=$(grep -Ec "$HDR" "$T/memleak.out")
wait_for_lines "$T/memleak.out" "$HDR" $((n + 2))
stop_tool
count=$(awk -v want=$((n + 2)) '
	$0 ~ ENVIRON["HDR"] { r++; next }
	r != want { next }
	/^\t[0-9]+ bytes in [0-9]+ allocations from stack$/ { c = $4; next }
	/^\t\t0x[0-9a-f]+\talloc_pipe_info\+0x[0-9a-f]+ \[kernel\]$/ { total += c; c = 0 }
	END { print total + 0 }' "$T/memleak.out")
[ "$count" -ge 50 ] || fail "kernel: $count allocations from alloc_pipe_info, expected at least 50"
poke
wait "$PROG_PID" || fail "pipeholder failed"

expect_bad_input "no such PID" "$BPFKIT" memleak -p 999999999
expect_bad_input "-O names no file" "$BPFKIT" memleak -p $$ -O /nonexistent/libnothing.so 1 1
expect_bad_input "a required allocator missing" "$BPFKIT" memleak -p $$ --symbols-prefix nosuch_ 1 1
expect_bad_input "--sort with no such key" "$BPFKIT" memleak --sort bogus
expect_bad_input "-z above -Z" "$BPFKIT" memleak -z 10 -Z 5
expect_bad_input "-s 0" "$BPFKIT" memleak -s 0
expect_bad_input "--percpu with -p" "$BPFKIT" memleak --percpu -p $$
expect_bad_input "-p with -c" "$BPFKIT" memleak -p $$ -c true
expect_bad_input "-c with no such command" "$BPFKIT" memleak -c /nonexistent/command
expect_bad_input "-O without -p" "$BPFKIT" memleak -O c
expect_bad_input "a bad interval" "$BPFKIT" memleak -p $$ soon
echo "ok: memleak"
