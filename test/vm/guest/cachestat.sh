# cachestat's hits by fentry, and by kprobe with fentry switched off, on a
# file of the guest's tmpfs: shmem marks each page it reads from its start
# accessed, and its pages never come through filemap_add_folio, so reading
# 256 cached pages is exactly 256 hits and no misses.  (Misses, on ext4:
# test/live/cachestat.sh.)
. "$TESTLIB"

F="$T/cachestat-file"
grep -q " $(df -P "$T" | awk 'NR == 2 { print $6 }') tmpfs " /proc/mounts || { echo "ok: $T is not on tmpfs here"; echo PASS; exit 0; }
dd if=/dev/zero of="$F" bs=4096 count=256 2>/dev/null || fail "cannot write $F"

# Folios came in 5.16: before, the page's own function.
access_fn=mark_page_accessed
grep -qw folio_mark_accessed /proc/kallsyms && access_fn=folio_mark_accessed
for off in "" fentry; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/cacheuser" "$F"
	start_tool cachestat -v -p "$PROG_PID" 600
	wait_for "$T/cachestat.out" '^ +HITS +MISSES +DIRTIES +HITRATIO +BUFFERS_MB +CACHED_MB$'
	echo read >&3
	wait_for "$T/prog.out" '^read 1048576$'
	stop_tool
	kill "$PROG_PID"
	mech=$([ -z "$off" ] && echo fentry || echo kprobe)
	expect_grep "probe page access: $mech $access_fn" "$T/cachestat.err"
	expect_no_grep '^cachestat: no hits' "$T/cachestat.err"
	expect_grep '^ +256 +0 +0 +100\.00% +[0-9]+ +[0-9]+$' "$T/cachestat.out"
	echo "ok: $mech counted 256 hits"
done
echo PASS
