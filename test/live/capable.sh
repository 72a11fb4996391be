# capable: where the kernel has fentry or kprobes (the VM tier), chown to
# another user is a CAP_CHOWN check from chown, audited, with its kernel
# stack (-K) and TID column (-x); where it has neither (this host), one
# clear line naming both mechanisms and a non-zero exit.
. "$TESTLIB"

if ! "$BPFKIT" features | grep -Eq '^(fentry|kprobes) +yes'; then
	expect_bad_input "no fentry, no kprobes" "$BPFKIT" capable
	expect_grep 'fentry cap_capable needs fentry: .*kprobe cap_capable needs kprobes' "$T/bad.err"
	echo PASS
	exit 0
fi

touch "$T/f"
start_tool capable -K -x
wait_for "$T/capable.out" '^TIME +UID +PID +TID +COMM +CAP +NAME +AUDIT +INSETID$'
chown 1234 "$T/f" || fail "chown failed"
stop_tool
expect_grep '^[0-9:]{8} +0 +[0-9]+ +[0-9]+ +chown +0 +CAP_CHOWN +1 +[01]$' "$T/capable.out"
awk '/ chown +0 +CAP_CHOWN / { s = 1; next } s && /^        / { print; next } { s = 0 }' "$T/capable.out" >"$T/stack"
grep -Eq 'chown|setattr|notify_change|capable' "$T/stack" || fail "no kernel stack under the CAP_CHOWN line: $(cat "$T/capable.out")"
echo "ok: chown's CAP_CHOWN check, with $(wc -l <"$T/stack") kernel frames"
expect_bad_input "bad pid" "$BPFKIT" capable -p 0
echo PASS
