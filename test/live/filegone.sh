# filegone sees the test's own deletions and renames, with its PID and
# COMM, through every system call that makes them, and not the unlink that
# failed: by vfs_* fentry/kprobes where the kernel has them (the VM tier),
# by the syscall tracepoints here, and by the raw sys_enter/sys_exit ones.
. "$TESTLIB"

expected() { # PREFIX
	printf 'RENAME %s-a > %s-b\nRENAME %s-b > %s-c\nDELETE %s-c\nDELETE %s-d\nDELETE %s-e\n' "$1" "$1" "$1" "$1" "$1" "$1" "$1"
	printf 'DELETE %s-f\nRENAME %s-g > %s-h\nDELETE %s-h\n' "$1" "$1" "$1" "$1"
}

i=0
for off in "" fentry,kprobes fentry,kprobes,tracepoints; do
	for args in "" -j; do
		i=$((i + 1))
		export BPFKIT_DISABLE="$off"
		p="gone-$$-$i"
		gated_start "$TESTBIN/filegone" "$T" "$p"
		# shellcheck disable=SC2086
		start_tool filegone --verbose $args -p "$PROG_PID"
		if [ -n "$args" ]; then hdr="$T/filegone.err"; else hdr="$T/filegone.out"; fi
		wait_for "$hdr" '^TIME +PID +COMM +ACTION FILE$'
		poke
		wait "$PROG_PID" || fail "filegone workload failed: $(cat "$T/prog.out")"
		if [ -n "$args" ]; then
			wait_for "$T/filegone.out" "\"file\": \"$p-h\"}"
		else
			wait_for "$T/filegone.out" "DELETE $p-h\$"
		fi
		stop_tool
		has_hdr=$(grep -c "^$(printf '%-8s %-7s %-16s %6s %s' TIME PID COMM ACTION FILE)\$" "$hdr")
		[ "$has_hdr" -eq 1 ] || fail "header"
		case $off in
		"") # fentry or kprobes where the kernel has them, else the syscalls
			mech=$(sed -n 's/.*probe vfs_unlink entry: \([a-z]*\) vfs_unlink$/\1/p' "$T/filegone.err")
			[ -n "$mech" ] || { expect_grep 'probe unlinkat entry: tracepoint' "$T/filegone.err"; mech=tracepoint; } ;;
		fentry,kprobes) expect_grep 'probe unlinkat entry: tracepoint syscalls:sys_enter_unlinkat$' "$T/filegone.err"; mech=tracepoint ;;
		*) expect_grep 'probe unlinkat entry: raw_tp sys_enter$' "$T/filegone.err"; mech=raw_tp ;;
		esac
		if [ -n "$args" ]; then
			got=$(sed -n "s/^{\"time\": \"[0-9:]\{8\}\", \"pid\": $PROG_PID, \"comm\": \"filegone\", \"action\": \"\([A-Z]*\)\", \"file\": \"\([^\"]*\)\"\(, \"new_file\": \"\([^\"]*\)\"\)\?}\$/\1 \2 > \4/p" "$T/filegone.out" | sed 's/^\(DELETE .*\) > $/\1/')
		else
			got=$(sed -n "s/^[0-9:]\{8\} $PROG_PID \+filegone \+\([A-Z]*\) \(.*\)\$/\1 \2/p" "$T/filegone.out")
		fi
		want=$(expected "$p")
		# Where GCC split vfs_rmdir (Debian's 5.10: do_rmdir calls
		# vfs_rmdir.part.0), no probe on vfs_rmdir sees rmdir, BCC's neither.
		case $mech in fentry | kprobe)
			if grep -q ' vfs_rmdir\.part\.' /proc/kallsyms; then
				want=$(echo "$want" | grep -v "^DELETE $p-[ef]\$")
			fi ;;
		esac
		[ "$got" = "$want" ] || fail "$mech $args: got
$got
expected
$want"
		n=$(echo "$want" | grep -c .)
		[ "$(grep -vc '^TIME ' "$T/filegone.out")" -eq "$n" ] || fail "$mech $args: lines not the workload's"
		echo "ok: filegone by $mech $args: $n events, the failed unlink not among them"
	done
done
expect_bad_input "filegone -p 999999999" "$BPFKIT" filegone -p 999999999
expect_bad_input "filegone extra" "$BPFKIT" filegone extra
echo PASS
