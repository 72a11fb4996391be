# readahead on a file the test owns, on an ext4 of its own (data=journal: one
# page a folio, as the VM kernels' ext4 has them): with the file's pages
# dropped, reading all 256 pages reads each ahead and uses it (0 unused, 256
# ages); reading only the first page uses 1 of the R pages read ahead with
# it, R counted by mincore() afterwards (R - 1 unused, 1 age).  Page use is
# seen by folio_mark_accessed (fentry, kprobe: the VM tier) or by the read
# tracepoints (this host).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/cacheuser.sh"
cache_fs noatime,data=journal
F="$DIR/readahead-$$"
dd if=/dev/zero of="$F" bs=4096 count=256 status=none && sync || fail "cannot write $F"
cache_fifos
run() { # LAST-ANSWER COMMANDS... (tool arguments in $ARGS, header in $HDR)
	_last=$1
	shift
	cache_user "$F"
	# shellcheck disable=SC2086
	start_tool readahead $ARGS -p "$PROG_PID"
	wait_for "$T/readahead.$HDR" '^Tracing\.\.\. Hit Ctrl-C to end\.$'
	for c in "$@"; do echo "$c" >&3; done
	wait_for "$T/prog.out" "^$_last"
	stop_tool
	kill "$PROG_PID"
}
# The histogram's counts summed.
ages() {
	awk '/ -> / { s += $5 } END { print s + 0 }' "$T/readahead.out"
}

for off in "" fentry "fentry kprobes"; do
	export BPFKIT_DISABLE="$off"
	# 6.1 and 6.12 have no readahead tracepoints: without fentry and
	# kprobes, no way to see the window.
	if ! "$BPFKIT" readahead --ebpf >/dev/null 2>&1; then
		expect_bad_input "no mechanism (disabled: $off)" "$BPFKIT" readahead
		expect_grep '^readahead: cannot trace readahead window: .*tracepoint readahead:page_cache_ra_unbounded needs this kernel has no tracepoint readahead:page_cache_ra_unbounded$' "$T/bad.err"
		continue
	fi
	ARGS=-v HDR=out
	run "read 1048576" drop read
	mech=$(sed -n 's/.*probe page use: \([a-z]*\) .*/\1/p' "$T/readahead.err")
	expect_grep '^Read-ahead unused pages: 0$' "$T/readahead.out"
	expect_grep '^Histogram of read-ahead used page age \(ms\):$' "$T/readahead.out"
	expect_grep '^     age \(ms\)            : count     distribution$' "$T/readahead.out"
	[ "$(ages)" -eq 256 ] || fail "whole read ($mech): $(ages) ages, expected 256"
	run "read 4096 resident" drop readone
	r=$(sed -n 's/^read 4096 resident //p' "$T/prog.out")
	[ "$r" -gt 1 ] || fail "reading one page read $r ahead"
	expect_grep "^Read-ahead unused pages: $((r - 1))\$" "$T/readahead.out"
	[ "$(ages)" -eq 1 ] || fail "one page read ($mech): $(ages) ages, expected 1"
	echo "ok: 256 of 256 used, then 1 of $r (page use by $mech; disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -j: the unused count, then the histogram, as JSON lines; -d ends it.
ARGS=-j HDR=err
run "read 1048576" drop read
expect_grep '^\{"unused_pages": 0\}$' "$T/readahead.out"
start_tool readahead -d 0.3
wait_tool
[ "$TOOL_RC" -eq 0 ] || fail "readahead -d 0.3 exited $TOOL_RC"
expect_grep '^Read-ahead unused pages: -?[0-9]+$' "$T/readahead.out"
echo "ok: -j, -d"

expect_bad_input "duration not a number" "$BPFKIT" readahead -d x
expect_bad_input "an argument it does not take" "$BPFKIT" readahead 5
echo PASS
