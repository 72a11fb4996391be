# ppchcalls: off powerpc one line says the hcall tracepoints are powerpc's;
# -l lists BCC's hcall names four to a line; a name not in it is refused.
. "$TESTLIB"
"$BPFKIT" ppchcalls -l >"$T/list.out" || fail "-l: exit status $?"
[ "$(wc -l <"$T/list.out")" -eq 49 ] || fail "-l: $(wc -l <"$T/list.out") lines, expected 49 (196 names)"
head -n 1 "$T/list.out" | grep -qx 'H_ADD_CONN                  H_ADD_LOGICAL_LAN_BUFFER    H_ADD_LOGICAL_LAN_BUFFERS   H_ALLOCATE_VAS_WINDOW    ' ||
	fail "-l: first line: $(head -n 1 "$T/list.out")"
grep -q 'H_CEDE ' "$T/list.out" || fail "-l: no H_CEDE"
echo "ok: -l lists 196 hcalls"
expect_bad_input "unknown hcall" "$BPFKIT" ppchcalls --hcall H_NOPE
grep -qx "ppchcalls: hcall 'H_NOPE' not found (ppchcalls -l lists them)" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "unknown errno" "$BPFKIT" ppchcalls -e ENOPE
expect_bad_input "bad -T" "$BPFKIT" ppchcalls -T x
expect_bad_input "off powerpc" "$BPFKIT" ppchcalls -L --hcall H_CEDE
grep -qx "ppchcalls: this kernel has no hcall_entry/hcall_exit tracepoints: they are powerpc's, on a hypervisor (pSeries), and this is $(uname -m)" "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
