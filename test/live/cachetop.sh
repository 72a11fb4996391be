# cachetop on a file the test owns, on an ext4 of its own: the row of the
# process reading it, with BCC's figures.  Reading the 256 pages after
# dropping them: 256 misses (pages added), and where page accesses are
# counted (the VM tier) 256 hits, 50.0% read and 50.0% write "hit" (BCC's
# shares of accesses plus misses).  Reading them again: no row here (nothing
# counted), 256 hits and 100.0% reads there.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/cacheuser.sh"
cache_fs noatime,data=journal noatime
F="$DIR/cachetop-$$"
dd if=/dev/zero of="$F" bs=4096 count=256 status=none && sync || fail "cannot write $F"
cache_fifos
cache_user "$F"
# One screen of cachetop over the commands, printed at Ctrl-C.
screen() { # HEADER-FILE LAST-ANSWER COMMANDS... (tool arguments in $ARGS)
	_hdr=$1
	shift
	# shellcheck disable=SC2086
	start_tool cachetop $ARGS -p "$PROG_PID" 600
	wait_for "$T/cachetop.$_hdr" '^Tracing page cache calls\.\.\. Hit Ctrl-C to end\.$'
	cache_say "$@"
	stop_tool
}
HDR='^PID +UID +CMD +HITS +MISSES +DIRTIES +READ_HIT% +WRITE_HIT%$'
user=$(awk -F: '$3 == 0 { print $1; exit }' /etc/passwd)

for off in "" fentry "fentry kprobes"; do
	export BPFKIT_DISABLE="$off"
	ARGS=-v
	screen out "read 1048576" drop read
	expect_grep "$HDR" "$T/cachetop.out"
	expect_grep '^[0-9:]{8} Buffers MB: [0-9]+ / Cached MB: [0-9]+ / Sort: (HITS|MISSES) / Order: descending$' "$T/cachetop.out"
	if grep -q 'probe page access: ' "$T/cachetop.err"; then
		expect_grep "^ +$PROG_PID $user +cacheuser +256 +256 +0 +50\.0% +50\.0%\$" "$T/cachetop.out"
		mech=$(sed -n 's/.*probe page access: \([a-z]*\) .*/\1/p' "$T/cachetop.err")
		cache_say locked lock
		screen out "read 1048576" read
		cache_say unlocked unlock
		expect_grep "^ +$PROG_PID $user +cacheuser +256 +0 +0 +100\.0% +0\.0%\$" "$T/cachetop.out"
		echo "ok: 256 hits and misses, then 256 hits (page accesses by $mech)"
	else
		expect_grep '^cachetop: no hits or hit ratio on this kernel: counting page accesses needs fentry or kprobes on folio_mark_accessed, which it lacks; they show .-.$' "$T/cachetop.err"
		expect_grep "^ +$PROG_PID $user +cacheuser +- +256 +0 +- +-\$" "$T/cachetop.out"
		cache_say locked lock
		screen out "read 1048576" read
		cache_say unlocked unlock
		expect_no_grep "^ +$PROG_PID " "$T/cachetop.out"
		echo "ok: 256 misses, then no row; no hits here (disabled: ${off:-nothing})"
	fi
done
unset BPFKIT_DISABLE

# -j: a row per process, the user's name and number; a count ends it.
ARGS=-j
screen err "read 1048576" drop read
expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"uid\": 0, \"user\": \"$user\", \"cmd\": \"cacheuser\", \"hits\": (null|256), \"misses\": 256, \"dirties\": 0, \"read_hit_pct\": (null|50\.0+), \"write_hit_pct\": (null|50\.0+)\}\$" "$T/cachetop.out"
start_tool cachetop 0.2 2
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "cachetop 0.2 2 exited $TOOL_RC"
[ "$(grep -Ec "$HDR" "$T/cachetop.out")" -eq 2 ] || fail "cachetop 0.2 2: not two screens"
echo "ok: -j, count"

expect_bad_input "interval not a number" "$BPFKIT" cachetop x
expect_bad_input "no such process" "$BPFKIT" cachetop -p 999999999
echo PASS
