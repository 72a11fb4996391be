# inject: bad input is one line; without kprobes (this host) one line names
# them; with kprobes but without bpf_override_return (Debian's 5.10, 6.1
# and 6.12: no CONFIG_FUNCTION_ERROR_INJECTION) one line names the options.
. "$TESTLIB"
expect_bad_input "no arguments" "$BPFKIT" inject
expect_bad_input "no spec" "$BPFKIT" inject kmalloc
expect_bad_input "bad mode" "$BPFKIT" inject kfree 'x()'
grep -qx "inject: invalid mode 'kfree': kmalloc, bio or alloc_page" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "unbalanced spec" "$BPFKIT" inject kmalloc 'foo()(a))'
grep -qx "inject: invalid call chain 'foo()(a))': Check your parentheses" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "spec without parens" "$BPFKIT" inject kmalloc 'foo'
grep -qx "inject: invalid call chain 'foo': Cannot parse spec, missing parens" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "spec with a bad name" "$BPFKIT" inject bio '1foo() => bar()'
grep -qx "inject: invalid call chain '1foo() => bar()': Invalid function identifier" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "text after the spec" "$BPFKIT" inject bio 'foo() x'
grep -qx "inject: invalid call chain 'foo() x': Invalid characters found after last frame" "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "bad -P" "$BPFKIT" inject -P 1.5 kmalloc 'x()'
expect_bad_input "bad -c" "$BPFKIT" inject -c x bio 'x()'
expect_bad_input "the kernel" "$BPFKIT" inject -P 0.5 -c 3 alloc_page "d_alloc_parallel(struct dentry *parent, const struct qstr *name)(STRCMP(name->name, 'bananas')) => x()"
if "$BPFKIT" features 2>/dev/null | grep -Eq '^kprobes +yes'; then
	grep -qx 'inject: cannot inject errors into should_fail_alloc_page(): this kernel has no bpf_override_return (built without CONFIG_BPF_KPROBE_OVERRIDE and CONFIG_FUNCTION_ERROR_INJECTION)' "$T/bad.err" ||
		fail "refusal: $(cat "$T/bad.err")"
else
	grep -q '^inject: cannot inject errors into should_fail_alloc_page(): kprobes: ' "$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
fi
