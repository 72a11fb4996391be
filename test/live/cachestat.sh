# cachestat on a file the test owns, on an ext4 of its own: with the file's
# pages dropped, reading its 256 pages is 256 misses; reading it again is 256
# hits.  Where the kernel cannot count page accesses (no fentry, no kprobes:
# this host) the hits show '-' after one line saying why; the VM tier's
# kernels count them by fentry, and by kprobe with fentry disabled.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/cacheuser.sh"
cache_fs noatime,data=journal noatime
F="$DIR/cachestat-$$"
dd if=/dev/zero of="$F" bs=4096 count=256 status=none && sync || fail "cannot write $F"
cache_fifos

# The calls of one run of cachestat over the commands given to cacheuser
# (one process for the whole test), the last summary printed at Ctrl-C.
cache_user "$F"
summary() { # LAST-ANSWER COMMANDS... (TOOL-ARGS in $ARGS)
	_last=$1
	shift
	start_tool cachestat $ARGS -p "$PROG_PID" 600
	wait_for "$T/cachestat.$HDR" '^(TIME +)? +HITS +MISSES +DIRTIES +HITRATIO +BUFFERS_MB +CACHED_MB$'
	cache_say "$_last" "$@"
	stop_tool
}
for off in "" fentry "fentry kprobes"; do
	export BPFKIT_DISABLE="$off"
	ARGS=-v HDR=out
	summary "read 1048576" drop read
	if grep -q 'probe page access: ' "$T/cachestat.err"; then
		expect_grep '^ +0 +256 +0 +0\.00% +[0-9]+ +[0-9]+$' "$T/cachestat.out"
		mech=$(sed -n 's/.*probe page access: \([a-z]*\) .*/\1/p' "$T/cachestat.err")
		cache_say locked lock
		summary "read 1048576" read
		cache_say unlocked unlock
		expect_grep '^ +256 +0 +0 +100\.00% +[0-9]+ +[0-9]+$' "$T/cachestat.out"
		echo "ok: 256 misses, then 256 hits (page accesses by $mech)"
	else
		expect_grep '^cachestat: no hits or hit ratio on this kernel: counting page accesses needs fentry or kprobes on folio_mark_accessed, which it lacks; they show .-.$' "$T/cachestat.err"
		expect_grep '^ +- +256 +0 +- +[0-9]+ +[0-9]+$' "$T/cachestat.out"
		cache_say locked lock
		summary "read 1048576" read
		cache_say unlocked unlock
		expect_grep '^ +- +0 +0 +- +[0-9]+ +[0-9]+$' "$T/cachestat.out"
		echo "ok: 256 misses, then none; no hits here (disabled: ${off:-nothing})"
	fi
done
unset BPFKIT_DISABLE

# -T and -j: BCC's keys, the time first; a number of intervals ends it.
ARGS="-j -T" HDR=err
summary "read 1048576" drop read
expect_grep '^\{"time": "[0-9:]{8}", "hits": (null|0), "misses": 256, "dirties": 0, "hitratio": (null|0\.0+), "buffers_mb": [0-9.]+, "cached_mb": [0-9.]+\}$' "$T/cachestat.out"
start_tool cachestat -T 0.2 2
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "cachestat 0.2 2 exited $TOOL_RC"
[ "$(grep -Ec '^[0-9:]{8} +(-|[0-9]+) +[0-9]+ +[0-9]+ ' "$T/cachestat.out")" -eq 2 ] || fail "cachestat -T 0.2 2: not two rows"
echo "ok: -j, -T, count"

expect_bad_input "interval not a number" "$BPFKIT" cachestat x
expect_bad_input "count not a number" "$BPFKIT" cachestat 1 y
expect_bad_input "no such process" "$BPFKIT" cachestat -p 999999999
echo PASS
