# argdist: specs compiled to BPF in-process.  Exact counts from test
# programs whose calls are known: malloc sizes (uprobe, -C), the command
# name ($COMM), a tracepoint field in a histogram, a uretprobe's $latency
# and $entry() with a filter, -T, -c and -n, JSON, C's types in filters;
# outputs at intervals only, as BCC's (Ctrl-C prints nothing more);
# malformed specs get one line.
. "$TESTLIB"

HDR='^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$'
# After the workload has exited: wait for an output begun after that (with
# -c it holds every count), end argdist with Ctrl-C, which prints nothing
# more, and keep that output in $T/last.out.  $1: how an output begins.
settle() {
	_hdr=${1:-$HDR}
	_n=$(grep -Ec "$_hdr" "$T/argdist.out")
	wait_for_lines "$T/argdist.out" "$_hdr" $((_n + 2))
	stop_tool
	# The pattern through the environment: awk -v would take its backslashes
	# as escapes (busybox's does).
	H=$_hdr awk -v k=$((_n + 1)) '$0 ~ ENVIRON["H"] { b++ } b == k' "$T/argdist.out" >"$T/last.out"
}

# 1001 mallocs alternate 16, 32, 16...: 501 of 16 bytes, 500 of 32.
gated_start "$TESTBIN/mallocs_dyn" 1001
start_tool argdist -c -i 0.2 -p "$PROG_PID" -C 'p:c:malloc(size_t size):size_t:size' 'p:c:malloc():char*:$COMM' \
	-H 'p:c:malloc(size_t size):size_t:size#sizes' -C 'p:c:malloc()#calls'
wait_for "$T/argdist.err" '^Tracing 4 probes'
poke
wait "$PROG_PID"
settle
out="$T/last.out"
expect_grep '^p:c:malloc\(size_t size\):size_t:size$' "$out"
printf '\t%-10s %s\n' COUNT EVENT >"$T/hdr"
grep -qxF "$(cat "$T/hdr")" "$out" || fail "no COUNT/EVENT header"
grep -qxF "$(printf '\t%-10s %s' 500 'size = 32')" "$out" || fail "expected 500 of size 32"
grep -qxF "$(printf '\t%-10s %s' 501 'size = 16')" "$out" || fail "expected 501 of size 16"
# Ascending by count, as BCC.
[ "$(grep -n 'size = 32' "$out" | cut -d: -f1)" -lt "$(grep -n 'size = 16' "$out" | cut -d: -f1)" ] ||
	fail "counts not in ascending order"
grep -qxF "$(printf '\t%-10s %s' 1001 '$COMM = mallocs_dyn')" "$out" || fail "expected 1001 calls by mallocs_dyn"
expect_grep '^calls$' "$out"
grep -qxF "$(printf '\t%-10s %s' 1001 'total calls')" "$out" || fail "expected 1001 total calls"
expect_grep '^     sizes +: count +distribution$' "$out"
expect_grep '^ +16 -> 31 +: 501 +\|\*{40}\|$' "$out"
expect_grep '^ +32 -> 63 +: 500 +\|\*{39} \|$' "$out"
echo "ok: malloc sizes 501x16 and 500x32, by \$COMM, total, as a histogram"

# A tracepoint field: 1000 reads of 1 byte (the gate's read began before).
gated_start "$TESTBIN/reads" 1000
start_tool argdist -c -i 0.2 -p "$PROG_PID" -H 't:syscalls:sys_enter_read():u64:args->count'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
settle
expect_grep '^     args->count +: count +distribution$' "$T/last.out"
expect_grep '^ +0 -> 1 +: 1000 +\|\*{40}\|$' "$T/last.out"
[ "$(grep -c -- ' -> ' "$T/last.out")" -eq 1 ] || fail "expected one histogram row"
echo "ok: 1000 reads of count 1"

# Strings: a tracepoint's user-memory path, counted by its text.
path="$T/unique-$$-argdist"
gated_start "$TESTBIN/opener" "$path" "$path" "$path"
start_tool argdist -c -i 0.2 -p "$PROG_PID" -C 't:syscalls:sys_enter_openat():char*:args->filename'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
settle
grep -qxF "$(printf '\t%-10s %s' 3 "args->filename = $path")" "$T/last.out" || fail "expected 3 opens of $path"
echo "ok: string keys"

# A return probe: $latency of 5 sleeps of 100 ms, all in [2^26, 2^27) ns;
# $entry(ms) and $PID keyed, filtered on $latency in the kernel.
gated_start "$TESTBIN/sleeper" 5 100
start_tool argdist -c -i 0.2 -p "$PROG_PID" -H "r:$TESTBIN/sleeper:block_here():u64:\$latency" \
	-C "r:$TESTBIN/sleeper:block_here(long ms):long,u32:\$entry(ms),\$PID:\$latency > 50000000" \
	-C "r:$TESTBIN/sleeper:block_here(long ms):long:\$entry(ms):\$latency < 50000000"
wait_for "$T/argdist.err" '^Tracing 3 probes'
poke
wait "$PROG_PID"
settle
expect_grep '^     \$latency +: count +distribution$' "$T/last.out"
expect_grep '^  67108864 -> 134217727  : 5 +\|\*{40}\|$' "$T/last.out"
grep -qxF "$(printf '\t%-10s %s' 5 "ms = 100, \$PID = $PROG_PID")" "$T/last.out" ||
	fail "expected 5 returns with ms = 100 from $PROG_PID"
[ "$(grep -c ' = ' "$T/last.out")" -eq 1 ] || fail "the filter \$latency < 50 ms let events through"
echo "ok: \$latency, \$entry(ms), \$PID, filters"

# Intervals: counts are cleared after each output unless -c; -n ends the
# tool by itself; -T keeps the largest.
gated_start "$TESTBIN/mallocs_dyn" 1001
start_tool argdist -i 0.3 -n 4 -T 1 -p "$PROG_PID" -C 'p:c:malloc(size_t size):size_t:size'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
wait "$TOOL_PID" || fail "argdist -n 4 exited with $?"
[ "$(grep -c '^\[[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\]$' "$T/argdist.out")" -eq 4 ] || fail "expected 4 outputs"
sum=$(awk '/size = 16$/ { s += $1 } END { print s + 0 }' "$T/argdist.out")
[ "$sum" -eq 501 ] || fail "size 16 counted $sum times over the intervals, expected 501"
expect_no_grep 'size = 32' "$T/argdist.out"
echo "ok: -n 4 outputs, cleared between them, -T 1"

gated_start "$TESTBIN/mallocs_dyn" 1001
start_tool argdist -c -i 0.2 -p "$PROG_PID" -j -C 'p:c:malloc(size_t size):size_t:size#by size'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
settle '^\{"ts"'
[ "$(wc -l <"$T/last.out")" -eq 1 ] || fail "-j: expected one line per output"
expect_grep '^\{"ts": "[0-9:]{8}", "probe": "by size", "counts": \[\{"count": 500, "key": \{"size": 32\}\}, \{"count": 501, "key": \{"size": 16\}\}\]\}$' "$T/last.out"
echo "ok: JSON"

# Struct members through the program's DWARF, as keys and in a histogram.
gated_start "$TESTBIN/structs" 3
start_tool argdist -c -i 0.2 -p "$PROG_PID" \
	-C "p:$TESTBIN/structs:visit(struct outer *o):int,char*:o->in->id,o->embedded.name" \
	-H "p:$TESTBIN/structs:visit(struct outer *o):int:o->values[2]"
wait_for "$T/argdist.err" '^Tracing 2 probes'
poke
wait "$PROG_PID"
settle
for i in 0 1 2; do
	grep -qxF "$(printf '\t%-10s %s' 1 "o->in->id = $((100 + i)), o->embedded.name = visit-$i")" "$T/last.out" ||
		fail "expected visit $i keyed by its id and name"
done
expect_grep '^ +0 -> 1 +: 1 ' "$T/last.out"
expect_grep '^ +4 -> 7 +: 1 ' "$T/last.out"
expect_grep '^ +8 -> 15 +: 1 ' "$T/last.out"
echo "ok: struct members (DWARF) as keys and histogram values"

# USDT: the loop index as keys and as a histogram.
gated_start "$TESTBIN/usdt" 6
start_tool argdist -c -i 0.2 -p "$PROG_PID" -C "u:$TESTBIN/usdt:bpfkit_test:tick():long:arg1" \
	-H "u:$TESTBIN/usdt:tick():long:arg1"
wait_for "$T/argdist.err" '^Tracing 2 probes'
poke
wait "$PROG_PID"
settle
for i in 0 1 2 3 4 5; do
	grep -qxF "$(printf '\t%-10s %s' 1 "arg1 = $i")" "$T/last.out" || fail "expected tick $i once"
done
expect_grep '^ +0 -> 1 +: 2 ' "$T/last.out"
expect_grep '^ +2 -> 3 +: 2 ' "$T/last.out"
expect_grep '^ +4 -> 7 +: 2 ' "$T/last.out"
echo "ok: USDT arguments"

# A full table (10240 keys) is reported, not hidden: 12000 distinct counts.
gated_start "$TESTBIN/manysizes" 12000
start_tool argdist -c -i 1 -p "$PROG_PID" -C 't:syscalls:sys_enter_read():u64:args->count'
wait_for "$T/argdist.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
settle
[ "$(grep -c ' args->count = ' "$T/last.out")" -eq 10240 ] || fail "expected 10240 keys"
expect_grep 'argdist: .*10240 keys, the table is full: events with new keys were not counted$' "$T/argdist.err"
echo "ok: a full table is reported"

# C's types in filters and keys: lseeks_dyn seeks by -1 x3, 0x80000000 x2,
# 0 x5, 50 x7 and 200 x11.  Declared unsigned long, -1 is above 100;
# declared long it is below, as is a syscall tracepoint's off_t.
gated_start "$TESTBIN/lseeks_dyn"
start_tool argdist -c -i 0.2 -p "$PROG_PID" \
	-C 'p:c:lseek(int fd, unsigned long off, int whence):unsigned long:off:off > 100' \
	-C 'p:c:lseek(int fd, long off, int whence):long:off:off < 100' \
	-C 't:syscalls:sys_enter_lseek():long:args->offset:args->offset < 0'
wait_for "$T/argdist.err" '^Tracing 3 probes'
poke
wait "$PROG_PID"
settle
for row in '3 off = 18446744073709551615' '2 off = 2147483648' '11 off = 200' '3 off = -1' '5 off = 0' \
	'7 off = 50' '3 args->offset = -1'; do
	grep -qxF "$(printf '\t%-10s %s' "${row%% *}" "${row#* }")" "$T/last.out" || fail "expected the row '$row'"
done
[ "$(grep -c ' = ' "$T/last.out")" -eq 7 ] || fail "expected 7 rows: $(cat "$T/last.out")"
echo "ok: unsigned long and long parameters, off_t field, in filters and keys"

# Outputs come at the end of each interval only, as in BCC's argdist, whose
# loop exits at the Ctrl-C in its sleep: none before the first interval
# ends, one after it; with -d the last is the first at or after the
# duration (-i 3 -d 1: one output, 3 s after the start).
start_tool argdist -i 60 -C 't:syscalls:sys_enter_getpid()'
wait_for "$T/argdist.err" '^Tracing 1 probe'
stop_tool
[ ! -s "$T/argdist.out" ] || fail "Ctrl-C before the first interval printed: $(cat "$T/argdist.out")"
start_tool argdist -i 2 -C 't:syscalls:sys_enter_getpid()'
wait_for_lines "$T/argdist.out" "$HDR" 1
stop_tool
[ "$(grep -Ec "$HDR" "$T/argdist.out")" -eq 1 ] || fail "Ctrl-C after one interval: $(cat "$T/argdist.out")"
started=$(date +%s)
start_tool argdist -i 3 -d 1 -C 't:syscalls:sys_enter_getpid()'
wait "$TOOL_PID" || fail "argdist -d 1 exited with $?"
took=$(($(date +%s) - started))
[ "$(grep -Ec "$HDR" "$T/argdist.out")" -eq 1 ] && [ "$took" -ge 3 ] ||
	fail "-i 3 -d 1: $(grep -Ec "$HDR" "$T/argdist.out") outputs after $took s, expected 1 after 3 s"
echo "ok: Ctrl-C prints no more, -d ends at an interval"

expect_bad_input "no specifier" "$BPFKIT" argdist
expect_bad_input "bare operand" "$BPFKIT" argdist 'p:c:malloc()'
expect_bad_input "two expressions in a histogram" "$BPFKIT" argdist -H 'p:c:malloc(size_t s):u64,u64:s,s'
expect_bad_input "histogram without a value" "$BPFKIT" argdist -H 'p:c:malloc()'
expect_bad_input "unknown type" "$BPFKIT" argdist -C 'p:c:malloc(size_t s):struct foo:s'
expect_bad_input "\$COMM as a number" "$BPFKIT" argdist -C 'p:c:malloc():u64:$COMM'
expect_bad_input "\$latency at an entry" "$BPFKIT" argdist -C 'p:c:malloc():u64:$latency'
expect_bad_input "headers" "$BPFKIT" argdist -I net/sock.h -C 'p:c:malloc()'
expect_bad_input "no such library" "$BPFKIT" argdist -C 'p:nosuchlib:malloc()'
expect_bad_input "no such tracepoint" "$BPFKIT" argdist -C 't:nosuch:event()'
expect_bad_input "key too large" "$BPFKIT" argdist -z 300 -C 'p:c:malloc(char *a, char *b):char*,char*:a,b'
# Each of these ran (-n 1: one output after a second, then exit 0): the
# unterminated string dropped the filter, the division compiled.
expect_bad_input "unterminated string in the filter" "$BPFKIT" argdist -i 1 -n 1 \
	-C 'p:c:malloc(size_t size):size_t:size:size=="abc'
expect_grep "at column 43 of 'p:c:malloc\(size_t size\):size_t:size:size==\"abc'\$" "$T/bad.err"
expect_bad_input "division by a constant 0" "$BPFKIT" argdist -i 1 -n 1 -C 'p:c:malloc(size_t size):size_t:size % (2 - 2)'
expect_grep "division by zero: .* \\(column 37\\)\$" "$T/bad.err"
echo PASS
