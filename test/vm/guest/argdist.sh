# argdist on kprobes and kretprobes (the kernels of the VM tier have them):
# 1000 one-byte reads of /dev/zero are 1000 vfs_read calls with count 1,
# returning 1; $entry(count) at the return; the calls' default count; a
# kprobe's user-memory string (the kernel read fails, the user read is
# tried next); filters by C's types (loff_t and unsigned long offsets).
. "$TESTLIB"

HDR='^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$'
# After the workload has exited: wait for an output begun after that (with
# -c it holds every count), end argdist with Ctrl-C, which prints nothing
# more (as BCC's), and keep that output in $T/last.out.
settle() {
	_n=$(grep -Ec "$HDR" "$T/argdist.out")
	wait_for_lines "$T/argdist.out" "$HDR" $((_n + 2)) 60
	stop_tool
	# The pattern through the environment: awk -v would take its backslashes
	# as escapes (busybox's does).
	H=$HDR awk -v k=$((_n + 1)) '$0 ~ ENVIRON["H"] { b++ } b == k' "$T/argdist.out" >"$T/last.out"
}

gated_start "$TESTBIN/reads" 1000
start_tool argdist -c -i 0.5 -p "$PROG_PID" \
	-C 'p::vfs_read(void *file, void *buf, size_t count):size_t:count' \
	-C 'r::vfs_read(void *file, void *buf, size_t count):size_t,int:$entry(count),$retval' \
	-C 'r::vfs_read()' -C 'p::vfs_read()#calls' \
	-H 'r::vfs_read():u64:$latency' -H 'r::vfs_read()'
wait_for "$T/argdist.err" '^Tracing 6 probes'
poke
wait "$PROG_PID"
settle
out="$T/last.out"
grep -qxF "$(printf '\t%-10s %s' 1000 'count = 1')" "$out" || fail "expected 1000 vfs_read with count 1"
grep -qxF "$(printf '\t%-10s %s' 1000 'count = 1, $retval = 1')" "$out" || fail "expected 1000 returns of 1"
grep -qxF "$(printf '\t%-10s %s' 1000 'retval = 1')" "$out" || fail "expected retval = 1 1000 times"
grep -qxF "$(printf '\t%-10s %s' 1000 'total calls')" "$out" || fail "expected 1000 total calls"
expect_grep '^     retval +: count +distribution$' "$out"
expect_grep '^ +0 -> 1 +: 1000 +\|\*{40}\|$' "$out"
total=$(awk '/ -> / { s += $5 } END { print s + 0 }' "$out")
[ "$total" -eq 2000 ] || fail "the histograms hold $total reads, expected 1000 each"
echo "ok: vfs_read 1000 times: count, \$entry(count), \$retval, calls, \$latency"

gated_start "$TESTBIN/opener" /nonexistent-argdist-path
start_tool argdist -c -i 0.5 -p "$PROG_PID" -C 'p::do_sys_openat2(int dfd, char *filename):char*:filename'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
settle
grep -qxF "$(printf '\t%-10s %s' 1 'filename = /nonexistent-argdist-path')" "$T/last.out" ||
	fail "expected the user-memory path from do_sys_openat2"
# C's types at a kprobe: -1 is below 100 as a loff_t, above as unsigned long.
gated_start "$TESTBIN/lseeks_dyn"
start_tool argdist -c -i 0.5 -p "$PROG_PID" -C 'p::null_lseek(void *file, loff_t offset, int orig):loff_t:offset:offset < 100' \
	-C 'p::null_lseek(void *file, unsigned long offset):unsigned long:offset:offset > 100'
wait_for "$T/argdist.err" '^Tracing 2 probes'
poke
wait "$PROG_PID"
settle
for row in '3 offset = -1' '5 offset = 0' '7 offset = 50' '3 offset = 18446744073709551615' \
	'2 offset = 2147483648' '11 offset = 200'; do
	grep -qxF "$(printf '\t%-10s %s' "${row%% *}" "${row#* }")" "$T/last.out" || fail "expected the row '$row'"
done
[ "$(grep -c ' = ' "$T/last.out")" -eq 6 ] || fail "expected 6 rows: $(cat "$T/last.out")"
echo "ok: null_lseek: loff_t and unsigned long offsets"
expect_bad_input "no such kernel function" "$BPFKIT" argdist -C 'p::bpfkit_no_such_function():u64:arg1'
echo PASS
