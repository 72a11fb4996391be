# --bpf-debug, BCC's debug flags: the verifier's log with register state for
# programs that loaded (0x10), the loaded programs with the C lines of their
# BTF line info, each line checked against the probe's source file (0x8),
# instructions with helper names (0x2), the probe choices and trace's
# generated program (0x4), libbpf's CO-RE messages (0x20); trace's program
# has a name saying what it serves; bad flags are refused in one line.
# vm: skip (the C-line check reads probes/ from the source tree)
. "$TESTLIB"
PROBES=$(cd "$(dirname "$TESTLIB")/../../probes" && pwd)

# --ebpf loads, shows, and exits: no tracing needed to see the programs.
"$BPFKIT" execsnoop --ebpf --bpf-debug 0x10 >/dev/null 2>"$T/regs.err" || fail "execsnoop --bpf-debug 0x10: $(tail -3 "$T/regs.err")"
expect_grep "^libbpf: prog 'execve_enter_tp': -- BEGIN PROG LOAD LOG --" "$T/regs.err"
expect_grep '^0: R1=ctx\(\) R10=fp0$' "$T/regs.err"
expect_grep '^processed [0-9]+ insns ' "$T/regs.err"
echo "ok: 0x10: the verifier's log with register state for programs that loaded"

"$BPFKIT" execsnoop --ebpf --bpf-debug 0x8 >/dev/null 2>"$T/src.err" || fail "execsnoop --bpf-debug 0x8"
expect_grep '^; program execve_enter_tp, [0-9]+ instructions as the kernel holds them, with their C lines$' "$T/src.err"
expect_grep '^ +[0-9]+: call bpf_get_current_pid_tgid$' "$T/src.err"
expect_grep "^ +[0-9]+: call htab_map_delete_elem$" "$T/src.err"
# Every C line is the line of the file it names.
grep -E '^; .* \[[a-z_0-9]+\.(bpf\.c|h):[0-9]+\]$' "$T/src.err" >"$T/lines"
n=$(wc -l <"$T/lines")
[ "$n" -ge 20 ] || fail "only $n C lines in the listing"
bad=0
while IFS= read -r l; do
	loc=${l##* \[}
	loc=${loc%\]}
	file=${loc%:*} line=${loc##*:}
	text=${l#; }
	text=${text% \[*\]}
	src=$(find "$PROBES" -name "$file" | head -1)
	[ -n "$src" ] || { echo "no $file in probes/"; bad=$((bad + 1)); continue; }
	sed -n "${line}p" "$src" | grep -qF -- "$text" || { echo "$file:$line is not: $text"; bad=$((bad + 1)); }
done <"$T/lines"
[ "$bad" -eq 0 ] || fail "$bad of $n C lines are not their source"
expect_grep '^; __u64 id = bpf_get_current_pid_tgid\(\); \[execsnoop\.bpf\.c:[0-9]+\]$' "$T/src.err"
echo "ok: 0x8: $n C lines, each its file's line"

"$BPFKIT" execsnoop --ebpf --bpf-debug 0x2 >/dev/null 2>"$T/insn.err" || fail "execsnoop --bpf-debug 0x2"
expect_grep '^; program execve_enter_tp \(tracepoint syscalls:sys_enter_execve\), [0-9]+ instructions$' "$T/insn.err"
expect_grep '^ +[0-9]+: call bpf_get_current_pid_tgid#14$' "$T/insn.err"
expect_grep '^processed [0-9]+ insns ' "$T/insn.err"
expect_no_grep 'helper#' "$T/insn.err"
echo "ok: 0x2: instructions with helper names, and the verifier's log"

"$BPFKIT" execsnoop --ebpf --bpf-debug 0x4 >/dev/null 2>"$T/choice.err" || fail "execsnoop --bpf-debug 0x4"
expect_line "$T/choice.err" "; probe execve entry: tracepoint syscalls:sys_enter_execve -> program execve_enter_tp"
"$BPFKIT" trace --ebpf --bpf-debug 0x4 't:syscalls:sys_enter_getpid "x"' >"$T/gen.err" 2>&1 || fail "trace --bpf-debug 0x4"
expect_line "$T/gen.err" "sys_enter_getpid:"
expect_grep '^ +[0-9]+: call bpf_perf_event_output#25$' "$T/gen.err"
echo "ok: 0x4: the probe choices, and trace's generated program before load"

"$BPFKIT" execsnoop --ebpf --bpf-debug 0x20 >/dev/null 2>"$T/btf.err" || fail "execsnoop --bpf-debug 0x20"
expect_grep '^libbpf: CO-RE relocating \[[0-9]+\] struct task_struct: found target candidate' "$T/btf.err"
expect_no_grep "^libbpf: sec '[^']*': relo #" "$T/btf.err"
echo "ok: 0x20: libbpf's BTF and CO-RE messages, not its ELF relocations"

# The generated program's name in the kernel, while it runs.
start_tool trace 't:syscalls:sys_enter_getpid "x"'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
bpftool prog show >"$T/progs.txt" || fail "bpftool prog show"
expect_grep ' tracepoint +name trace_getpid ' "$T/progs.txt"
stop_tool
echo "ok: trace's program is trace_getpid in the kernel"

expect_bad_input "--bpf-debug 0x1 (no LLVM IR)" "$BPFKIT" execsnoop --bpf-debug 0x1
grep -q 'there is no LLVM IR' "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "--bpf-debug 0x40 (no such flag)" "$BPFKIT" execsnoop --bpf-debug 0x40
expect_bad_input "--bpf-debug zz" "$BPFKIT" execsnoop --bpf-debug zz
echo PASS
