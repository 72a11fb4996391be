# capable leaves out its own checks, as BCC's does.  On 6.1 every bpf()
# call is a CAP_BPF check, and a capable that read its drop counter after
# every wake-up traced itself without end (54,361 rows in 3 s with no
# workload).  For 3 s with only a chown to another user (a CAP_CHOWN check)
# it prints that check and no row of its own PID; with --include-self its
# own checks show, a few (one counter read a second), not a flood.
. "$TESTLIB"

touch "$T/f"
for self in "" --include-self; do
	start_tool capable -d 3 $self
	wait_for "$T/capable.out" '^TIME +UID +PID +COMM +CAP +NAME +AUDIT *$'
	chown 1234 "$T/f" || fail "chown failed"
	chown 0 "$T/f"
	wait "$TOOL_PID" || fail "capable -d 3 $self exited with status $?"
	expect_grep '^[0-9:]{8} +0 +[0-9]+ +chown +0 +CAP_CHOWN +1 *$' "$T/capable.out"
	own=$(awk -v p="$TOOL_PID" '$3 == p' "$T/capable.out" | wc -l)
	rows=$(($(wc -l <"$T/capable.out") - 1))
	if [ -z "$self" ]; then
		[ "$own" -eq 0 ] || fail "$own rows of capable's own PID $TOOL_PID: $(awk -v p="$TOOL_PID" '$3 == p' "$T/capable.out" | sort | uniq -c | head -5)"
	else
		[ "$own" -le 10 ] || fail "--include-self: $own rows of its own PID in 3 s"
		# Kernels before 6.5 check CAP_BPF on the counter reads.
		if [ "${KERNEL_ID:-}" = 6.1 ]; then
			awk -v p="$TOOL_PID" '$3 == p && $6 == "CAP_BPF"' "$T/capable.out" | grep -q . ||
				fail "--include-self on 6.1: no CAP_BPF check of its own"
		fi
	fi
	echo "ok: capable $self: $rows rows, $own of its own PID"
done
echo PASS
