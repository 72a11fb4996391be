# bashreadline: an interactive bash on a pseudo-terminal (test/progs/
# ptyshell) is typed two commands, one longer than BCC's 80-byte buffer,
# then exit: three rows of that shell's PID, the long one cut to 79
# characters, byte for byte as BCC prints them; -j; a missing -s library
# is one line.
# vm: skip (the guests have no bash)
. "$TESTLIB"
bash=$(command -v bash) || fail "no bash"
long=$(printf 'echo %0100d' 0)

run() { # ARGS...
	gated_start "$TESTBIN/ptyshell" "$bash" "echo bpfkit_one" "$long"
	start_tool bashreadline "$@"
	hdr=$T/bashreadline.out
	[ "${1:-}" = -j ] && hdr=$T/bashreadline.err
	wait_for "$hdr" '^TIME +PID +COMMAND$'
	poke
	wait_for "$T/prog.out" '^done 0$'
	shell=$(sed -n 's/^shell //p' "$T/prog.out")
	wait_for_lines "$T/bashreadline.out" "$shell" 3
	stop_tool
}

run
out=$T/bashreadline.out
[ "$(sed -n 1p "$out")" = "TIME      PID     COMMAND" ] || fail "header: $(sed -n 1p "$out")"
grep -E "^[0-9:]{8}  $shell " "$out" >"$T/rows"
[ "$(wc -l <"$T/rows")" -eq 3 ] || fail "expected 3 rows of shell $shell"
n=0
for cmd in "echo bpfkit_one" "$(echo "$long" | cut -c1-79)" exit; do
	n=$((n + 1))
	row=$(sed -n "${n}p" "$T/rows")
	[ "$row" = "$(printf '%-9s %-7d %s' "${row%% *}" "$shell" "$cmd")" ] || fail "row $n: '$row'"
done
echo "ok: 3 rows of bash $shell"

run -j
grep -q "^{\"time\": \"[0-9:]\{8\}\", \"pid\": $shell, \"command\": \"echo bpfkit_one\"}\$" "$T/bashreadline.out" ||
	fail "-j: $(cat "$T/bashreadline.out")"
echo "ok: -j"

expect_bad_input "missing library" "$BPFKIT" bashreadline -s /nonexistent/libreadline.so.8
grep -q 'libreadline' "$T/bad.err" || fail "the refusal does not name the library"
echo PASS
