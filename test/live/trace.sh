# trace: specs compiled to BPF in-process.  A tracepoint's string field
# (a unique path a test program opens); a uretprobe's return value on libc's
# malloc, once per call (-p); a predicate on an argument keeps exactly the
# matching calls, and is evaluated in the kernel (the loaded program tests
# it before it sends anything); malformed specs get one line.
. "$TESTLIB"

path="$T/unique-$$-trace"
gated_start "$TESTBIN/opener" "$path"
start_tool trace -p "$PROG_PID" 't:syscalls:sys_enter_openat "%s", args->filename'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC +-$'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +opener +sys_enter_openat +$path$"
stop_tool
echo "ok: openat of $path by $PROG_PID"

gated_start "$TESTBIN/mallocs_dyn" 7
start_tool trace -p "$PROG_PID" 'r:c:malloc "%llx", retval'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
stop_tool
n=$(grep -Ec "^$PROG_PID +$PROG_PID +mallocs_dyn +malloc +[0-9a-f]{6,}$" "$T/trace.out")
[ "$n" -eq 7 ] || fail "malloc returned $n times, expected 7: $(cat "$T/trace.out")"
echo "ok: 7 malloc return values"

gated_start "$TESTBIN/mallocs_dyn" 10
start_tool trace -v -p "$PROG_PID" 'c:malloc (arg1 == 32) "size %d", arg1'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
stop_tool
n=$(grep -Ec "^$PROG_PID +$PROG_PID +mallocs_dyn +malloc +size 32$" "$T/trace.out")
[ "$n" -eq 5 ] || fail "$n calls of size 32, expected 5: $(cat "$T/trace.out")"
expect_no_grep 'size 16' "$T/trace.out"
# Only the 5 matching calls left the kernel (-v counts what arrived).
expect_grep ' 5 events received from the kernel, 0 lost$' "$T/trace.err"
# In the kernel: the comparison with 32 and its exit come before the
# perf_event_output call (helper 25).
"$BPFKIT" trace --ebpf 'c:malloc (arg1 == 32) "size %d", arg1' >"$T/prog.txt"
awk '/= 32$/ { c = NR } /call bpf_perf_event_output#25/ { o = NR } END { exit !(c && o && c < o) }' "$T/prog.txt" ||
	fail "the predicate is not in the program before its output: $(cat "$T/prog.txt")"
echo "ok: predicate keeps the 5 calls of size 32, in the kernel"

# $vars, casts, arithmetic: $tgid is the test program, arg1 * 2 + 1.
gated_start "$TESTBIN/mallocs_dyn" 2
start_tool trace -p "$PROG_PID" 'c:malloc ($tgid == '"$PROG_PID"' && (int)arg1 < 20) "%d %u", arg1 * 2 + 1, $tgid'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
stop_tool
expect_grep "^$PROG_PID +$PROG_PID +mallocs_dyn +malloc +33 $PROG_PID$" "$T/trace.out"
[ "$(grep -c ' malloc ' "$T/trace.out")" -eq 1 ] || fail "expected one call under 20 bytes"
echo "ok: \$tgid, casts and arithmetic"

# Struct members through the program's DWARF: a pointer to a pointer's
# field, an embedded struct's char array, an array element, bit fields.
gated_start "$TESTBIN/structs" 3
start_tool trace -p "$PROG_PID" "$TESTBIN/structs:visit(struct outer *o) \"%d %s %d %d %d\", o->in->id, o->embedded.name, o->values[2], o->embedded.mode, o->embedded.flags"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +structs +visit +102 visit-2 14 3 7$"
stop_tool
for i in 0 1 2; do
	expect_grep "^$PROG_PID +$PROG_PID +structs +visit +$((100 + i)) visit-$i $((7 * i)) $((i + 1)) 7$" "$T/trace.out"
done
[ "$(grep -c ' visit ' "$T/trace.out")" -eq 3 ] || fail "expected 3 calls of visit"
echo "ok: o->in->id, o->embedded.name, o->values[2], bit fields (DWARF)"

# Kernel structs through BTF: $task->tgid, ->comm, ->real_parent->tgid.
gated_start "$TESTBIN/getpids" 2
start_tool trace -p "$PROG_PID" 't:syscalls:sys_enter_getpid "%d %s %d %p", $task->tgid, $task->comm, $task->real_parent->tgid, $task'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +getpids +sys_enter_getpid +$PROG_PID getpids $$ 0xff[0-9a-f]{14}\$"
stop_tool
[ "$(grep -c "getpids $$ 0x" "$T/trace.out")" -eq 2 ] || fail "expected 2 getpid calls"
echo "ok: \$task->tgid, ->comm, ->real_parent->tgid (BTF)"

# A kernel symbol's address in an expression: kaddr("vfs_read"), where
# /proc/kallsyms has it, in the predicate and in the output.
kv=$(sed -n 's/^\([0-9a-f]*\) [Tt] vfs_read$/\1/p' /proc/kallsyms | head -1)
gated_start "$TESTBIN/getpids" 3
start_tool trace -p "$PROG_PID" "t:syscalls:sys_enter_getpid (kaddr(\"vfs_read\") == 0x$kv) \"%llx\", kaddr(\"vfs_read\")"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for_lines "$T/trace.out" " $kv\$" 3
stop_tool
[ "$(grep -c "sys_enter_getpid $kv\$" "$T/trace.out")" -eq 3 ] || fail "expected 3 lines with vfs_read's address $kv"
expect_bad_input "kaddr of no symbol" "$BPFKIT" trace 't:syscalls:sys_enter_getpid (kaddr("no_such_symbol_here") == 1)'
grep -q 'no such kernel symbol' "$T/bad.err" || fail "$(cat "$T/bad.err")"
expect_bad_input "kaddr without a string" "$BPFKIT" trace 't:syscalls:sys_enter_getpid (kaddr(vfs_read) == 1)'
echo "ok: kaddr(\"vfs_read\") is 0x$kv in the kernel"

# Tracepoint arrays: sched_process_exec's __data_loc filename.
start_tool trace 't:sched:sched_process_exec (args->pid == $tgid) "%s", args->filename'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
"$TESTBIN/exiter" 0 </dev/null >/dev/null 2>&1 || true
wait_for "$T/trace.out" " sched_process_exec $TESTBIN/exiter\$"
stop_tool
echo "ok: __data_loc string field"

# STRCMP in the kernel: the exact path, not a longer or shorter one.
gated_start "$TESTBIN/opener" "$path" "${path}x" "${path%?}" "$path"
start_tool trace -p "$PROG_PID" "t:syscalls:sys_enter_openat (STRCMP(\"$path\", args->filename)) \"%s\", args->filename"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +opener +sys_enter_openat +$path$"
stop_tool
[ "$(grep -c ' sys_enter_openat ' "$T/trace.out")" -eq 2 ] || fail "STRCMP: expected the 2 opens of $path only"
echo "ok: STRCMP"

# Escapes are decoded ("\x2f" is the path's leading '/').  With -B the
# literal's bytes are a prefix of the memory: all four opens start with the
# path less its last character; without -B only the open of exactly that.
prefix="\\x2f${path#/}"
prefix=${prefix%?}
for flags in -B ""; do
	gated_start "$TESTBIN/opener" "$path" "${path}x" "${path%?}" "$path"
	# shellcheck disable=SC2086
	start_tool trace $flags -p "$PROG_PID" \
		"t:syscalls:sys_enter_openat (STRCMP(\"$prefix\", args->filename)) \"%s\", args->filename"
	wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
	poke
	wait "$PROG_PID"
	want=$([ -n "$flags" ] && echo 4 || echo 1)
	wait_for_lines "$T/trace.out" ' sys_enter_openat ' "$want"
	stop_tool
	n=$(grep -c ' sys_enter_openat ' "$T/trace.out")
	[ "$n" -eq "$want" ] || fail "STRCMP(\"$prefix\") ${flags:-without -B}: $n opens, expected $want"
done
grep -Eq " sys_enter_openat +${path%?}$" "$T/trace.out" || fail "without -B: not the open of ${path%?}"
expect_bad_input "NUL in STRCMP without -B" "$BPFKIT" trace 't:syscalls:sys_enter_openat (STRCMP("a\0b", args->filename))'
echo "ok: -B and escapes"

# %K and %U: a kernel function pointer (the sleeper's timer callback) and
# a user one (pthread_create's start routine), as BCC prints them.
gated_start "$TESTBIN/sleeper" 2 10
start_tool trace -p "$PROG_PID" 't:timer:hrtimer_start "%K", args->function'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +sleeper +hrtimer_start +hrtimer_wakeup\\+0x0$"
stop_tool
gated_start "$TESTBIN/threads_dyn" 2
start_tool trace -p "$PROG_PID" 'c:pthread_create "%U", arg3'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +threads_dyn +pthread_create +worker_main\\+0x0 \\[threads_dyn\\]$"
stop_tool
[ "$(grep -c ' worker_main+0x0 \[threads_dyn\]$' "$T/trace.out")" -eq 2 ] || fail "expected 2 threads started at worker_main"
echo "ok: %K and %U"

# -U at a uprobe on a function's first instruction: the caller, which the
# frame-pointer walk cannot see yet, is in the stack (twopaths reaches leaf
# through path_a, and through middle from path_b).
gated_start "$TESTBIN/twopaths" 2 3
start_tool trace -U -p "$PROG_PID" "$TESTBIN/twopaths:leaf"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for_lines "$T/trace.out" ' leaf +$' 5
stop_tool
awk '/ leaf +$/ { ev = 1; s = ""; next }
	ev && /^        / { f = $1; sub(/\+0x[0-9a-f]+$/, "", f); s = s ";" f; next }
	ev && /^$/ { print substr(s, 2); ev = 0 }' "$T/trace.out" >"$T/paths"
[ "$(grep -c '^leaf;path_a;main;' "$T/paths")" -eq 2 ] && [ "$(grep -c '^leaf;middle;path_b;main;' "$T/paths")" -eq 3 ] ||
	fail "-U at function entry: expected 2 x leaf;path_a;main and 3 x leaf;middle;path_b;main: $(cat "$T/paths")"
echo "ok: -U at a function's entry has its caller"

# USDT: the test program's probe with its argument, and a probe without.
gated_start "$TESTBIN/usdt" 5
start_tool trace -p "$PROG_PID" "u:$TESTBIN/usdt:bpfkit_test:tick \"i=%d\", arg1" "u:$TESTBIN/usdt:done"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +usdt +done +\$"
stop_tool
for i in 0 1 2 3 4; do expect_grep "^$PROG_PID +$PROG_PID +usdt +tick +i=$i\$" "$T/trace.out"; done
[ "$(grep -c ' tick ' "$T/trace.out")" -eq 5 ] || fail "expected 5 ticks"
echo "ok: USDT probes and arguments"

# A USDT probe behind a semaphore: the program fires it only while the
# kernel, asked at attach, keeps its semaphore above zero.
gated_start "$TESTBIN/usdt" 4
start_tool trace -p "$PROG_PID" "u:$TESTBIN/usdt:bpfkit_sema:guarded \"%d\", arg1"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "^$PROG_PID +$PROG_PID +usdt +guarded +30\$"
stop_tool
[ "$(grep -c ' guarded ' "$T/trace.out")" -eq 4 ] || fail "expected 4 guarded probes"
echo "ok: USDT semaphore"

# Stacks (-K -U -a), aggregation (-A), UNIX timestamps (-t -u).  The timer
# the sleeper arms inside nanosleep has both stacks (a syscall-entry
# tracepoint has no kernel stack on 6.1: -14 there).
gated_start "$TESTBIN/sleeper" 3 10
start_tool trace -K -U -a -t -u -p "$PROG_PID" 't:timer:hrtimer_start "%d %K", $pid, args->function'
wait_for "$T/trace.out" '^TIME {14}PID +TID'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" ' block_here\+0x[0-9a-f]+ \[sleeper\]$'
stop_tool
now=$(date +%s)
# The sleeper's own timers (the kernel may arm others in its context).
[ "$(grep -Ec "^1[0-9]{9}\.[0-9]{6} $PROG_PID +$PROG_PID +sleeper +hrtimer_start +$PROG_PID hrtimer_wakeup\+0x0\$" "$T/trace.out")" -eq 3 ] ||
	fail "expected 3 sleeps' timers with UNIX timestamps"
t=$(awk 'NR == 2 { print int($1) }' "$T/trace.out")
[ $((now - t)) -ge 0 ] && [ $((now - t)) -lt 60 ] || fail "UNIX timestamp $t is not now ($now)"
# Each of them with do_nanosleep in its kernel stack and main in its user one.
awk '/ hrtimer_wakeup\+0x0$/ { if (ev) exit 1; ev = 1; k = u = 0; next }
	ev && /^        [0-9a-f]+ do_nanosleep\+0x[0-9a-f]+ \[kernel\]$/ { k = 1 }
	ev && /^ +[0-9a-f]+ main\+0x[0-9a-f]+ \[sleeper\]$/ { u = 1 }
	ev && /^$/ { if (!k || !u) exit 1; ev = 0; n++ }
	END { exit !(n == 3 && !ev) }' "$T/trace.out" || fail "expected do_nanosleep and main in each timer's stacks"
echo "ok: -K -U -a stacks, -t -u"

# -s: user frames taken by build-id and file offset, resolved in the files
# named, which need no process; a file of another build-id leaves a frame
# as that build-id and offset.
# (The VM's busybox has no readelf: there any build-id is accepted.)
id='[0-9a-f]{40}'
if command -v readelf >/dev/null; then
	id=$(readelf -n "$TESTBIN/sleeper" | awk '/Build ID:/ { print $3 }')0*
	[ "$id" != 0* ] || fail "no build-id in $TESTBIN/sleeper"
fi
for files in "$TESTBIN/sleeper" "$BPFKIT"; do
	gated_start "$TESTBIN/sleeper" 2 10
	start_tool trace -U -s "$files" -p "$PROG_PID" 't:timer:hrtimer_start "%d", $pid'
	wait_for "$T/trace.out" '^PID +TID'
	poke
	wait "$PROG_PID"
	wait_for_lines "$T/trace.out" ' hrtimer_start ' 2
	stop_tool
	if [ "$files" = "$BPFKIT" ]; then
		expect_grep "^        \[unknown\] \[build-id ${id}0*\+0x[0-9a-f]+\]$" "$T/trace.out"
	else
		# Its 2 sleeps' timers (the kernel may arm more in its context).
		[ "$(grep -Ec '^        main\+0x[0-9a-f]+ \[sleeper\]$' "$T/trace.out")" -ge 2 ] ||
			fail "-s: expected main in the stacks of both sleeps"
	fi
done
expect_bad_input "-s without -U" "$BPFKIT" trace -s "$TESTBIN/sleeper" 't:timer:hrtimer_start'
expect_bad_input "-s not ELF" "$BPFKIT" trace -U -s /etc/hostname 't:timer:hrtimer_start'
echo "ok: -s build-id stacks"

gated_start "$TESTBIN/sleeper" 3 10
start_tool trace -A -U -p "$PROG_PID" "$TESTBIN/sleeper:block_here \"ms=%d\", arg1"
wait_for "$T/trace.out" '^PID +TID'
poke
wait "$PROG_PID"
stop_tool
expect_grep "^$PROG_PID +$PROG_PID +sleeper +block_here +ms=10\$" "$T/trace.out"
expect_grep '^-->COUNT 3$' "$T/trace.out"
[ "$(grep -c ' block_here ' "$T/trace.out")" -eq 1 ] || fail "-A: expected the event once, with its count"
echo "ok: -A"

# -c: only tasks in a cgroup (v2; mounted here for the test if need be).
cg=""
if [ "$(stat -fc %T /sys/fs/cgroup 2>/dev/null)" = cgroup2fs ]; then
	cg=/sys/fs/cgroup/bpfkit-test-$$
else
	mkdir -p "$T/cg2" && mount -t cgroup2 none "$T/cg2" && cg="$T/cg2/bpfkit-test-$$"
fi
if [ -n "$cg" ] && mkdir "$cg"; then
	start_tool trace -c "$cg" 't:syscalls:sys_enter_getpid'
	wait_for "$T/trace.out" '^PID +TID'
	sh -c "echo \$\$ >$cg/cgroup.procs && exec $TESTBIN/getpids 3" </dev/null &
	inpid=$!
	"$TESTBIN/getpids" 2 </dev/null
	wait "$inpid"
	wait_for "$T/trace.out" "^$inpid +$inpid +getpids"
	stop_tool
	[ "$(grep -c ' sys_enter_getpid' "$T/trace.out")" -eq 3 ] || fail "-c: expected the 3 getpid calls inside the cgroup only"
	rmdir "$cg"
	case "$cg" in "$T"/*) umount "$T/cg2" ;; esac
	echo "ok: -c cgroup"
else
	fail "cannot make a cgroup v2 directory for -c"
fi

# Named constants: O_CREAT from bpfkit's table, TCP_ESTABLISHED (1) from
# the kernel's BTF enumerators.
gated_start "$TESTBIN/opener" "$path" "$path"
start_tool trace -p "$PROG_PID" "t:syscalls:sys_enter_openat ((args->flags & O_CREAT) == 0 && TCP_ESTABLISHED == 1) \"plain %s\", args->filename" \
	"t:syscalls:sys_enter_openat (args->flags & O_CREAT) \"creating %s\", args->filename"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
wait_for "$T/trace.out" "plain $path\$"
stop_tool
[ "$(grep -c "plain $path\$" "$T/trace.out")" -eq 2 ] || fail "expected 2 opens without O_CREAT"
expect_no_grep creating "$T/trace.out"
echo "ok: O_CREAT, TCP_ESTABLISHED"

# -j: one JSON object per event, stacks as arrays of frames.
gated_start "$TESTBIN/getpids" 2
start_tool trace -j -U -p "$PROG_PID" 't:syscalls:sys_enter_getpid "%d \"%s\"", $pid, $task->comm'
wait_for "$T/trace.err" '^Tracing 1 probe'
poke
wait "$PROG_PID"
wait_for_lines "$T/trace.out" '^\{"ts": [0-9]+\.[0-9]{6}, "pid": '"$PROG_PID"', "tid": '"$PROG_PID"', "cpu": [0-9]+, "comm": "getpids", "func": "sys_enter_getpid", "msg": "'"$PROG_PID"' \\"getpids\\"", "user_stack": \[".*\+0x[0-9a-f]+ \[getpids\]".*\]\}$' 2
stop_tool
[ "$(wc -l <"$T/trace.out")" -eq 2 ] || fail "-j: expected 2 lines"
echo "ok: -j"

# C's rules for comparisons: BCC's argN are unsigned long, a signature's
# names and casts have their types, a syscall tracepoint's off_t is signed
# (its format says signed:0 of every field) and 100UL is unsigned; signed
# division truncates toward zero (-1 / -2 is 0, -3 / -2 is 1) in the
# kernel's verifier-checked program.  lseeks_dyn seeks by -1 x3,
# 0x80000000 x2, 0 x5, 50 x7 and 200 x11.
gated_start "$TESTBIN/lseeks_dyn"
start_tool trace -p "$PROG_PID" 'c:lseek (arg2 > 100) "gt100 %llx", arg2' \
	'c:lseek ((long)arg2 < 0) "long<0 %lld", arg2' 'c:lseek ((int)arg2 < 0) "int<0 %d", arg2' \
	'c:lseek(int fd, long off, int whence) (off < 0) "off<0 %ld", off' \
	'c:lseek(int fd, unsigned long off, int whence) (off > 100) "uoff>100 %lu", off' \
	't:syscalls:sys_enter_lseek (args->offset > 100) "tp>100 %lld", args->offset' \
	't:syscalls:sys_enter_lseek (args->offset > 100UL) "tp>100UL %lld", args->offset' \
	'c:lseek(int fd, long off, int whence) (off / -2 == 0 && off % 2 == -1) "div %ld", off * 3 / -2'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
poke
wait "$PROG_PID"
stop_tool
while read -r n func msg; do
	got=$(grep -Ec "^$PROG_PID +$PROG_PID +lseeks_dyn +$func +$msg\$" "$T/trace.out")
	[ "$got" -eq "$n" ] || fail "$func '$msg': $got rows, expected $n"
done <<'EOF'
3 lseek gt100 ffffffffffffffff
2 lseek gt100 80000000
11 lseek gt100 c8
3 lseek long<0 -1
3 lseek int<0 -1
2 lseek int<0 -2147483648
3 lseek off<0 -1
3 lseek uoff>100 18446744073709551615
2 lseek uoff>100 2147483648
11 lseek uoff>100 200
2 sys_enter_lseek tp>100 2147483648
11 sys_enter_lseek tp>100 200
3 sys_enter_lseek tp>100UL -1
2 sys_enter_lseek tp>100UL 2147483648
11 sys_enter_lseek tp>100UL 200
3 lseek div 1
EOF
[ "$(grep -c 'lseek ' "$T/trace.out")" -eq 75 ] || fail "expected 75 rows in all"
echo "ok: unsigned argN, signed casts, parameters and division, typed tracepoint fields, 100UL"

# -t counts from before the first probe is attached, as BCC's: a workload
# already looping on getpid hits the first probe while 15 more (uprobes,
# each resolved in the program's ELF: some 30 ms in all) attach, and none
# of its events may come before the start.  The buffer keeps the earliest
# events: they are all printed by the time trace ends.
gated_start "$TESTBIN/getpids" 0
poke
TOOL_PID= # the last trace is gone: wait for the program
wait_for "$T/prog.out" '^looping$'
set -- 't:syscalls:sys_enter_getpid'
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do set -- "$@" "$TESTBIN/getpids:main"; done
start_tool trace -t -p "$PROG_PID" "$@"
wait_for_lines "$T/trace.out" ' sys_enter_getpid +$' 300
stop_tool
kill -9 "$PROG_PID"
before=$(awk '/ sys_enter_getpid +$/ && $1 < 0' "$T/trace.out" | wc -l)
[ "$before" -eq 0 ] || fail "-t: $before events before the start: $(grep -m 3 '^-' "$T/trace.out")"
expect_grep "^[0-9]+\.[0-9]{6} +$PROG_PID +$PROG_PID +getpids +sys_enter_getpid +\$" "$T/trace.out"
echo "ok: -t with 16 probes: no event before the start"

# Lost events are counted where they are lost, in the kernel: trace stopped
# while 20000 getpid calls overflow its one-page buffer prints what the
# buffer kept and says, within the next second and at the end, how many
# it lost; together exactly 20000.  (The perf buffer's own count of a
# CPU's losses only comes with a later event on that CPU.)
gated_start "$TESTBIN/getpids" 20000
start_tool trace -b 1 -p "$PROG_PID" 't:syscalls:sys_enter_getpid'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
kill -STOP "$TOOL_PID"
poke
wait "$PROG_PID"
kill -CONT "$TOOL_PID"
wait_for "$T/trace.err" ' events lost: ' 5
stop_tool
rows=$(grep -c " sys_enter_getpid" "$T/trace.out")
lost=$(sed -n 's/^trace: warning: \([0-9]*\) events lost: the event buffer was full .*$/\1/p' "$T/trace.err" |
	awk '{ s += $1 } END { print s + 0 }')
[ "$lost" -gt 0 ] && [ $((rows + lost)) -eq 20000 ] ||
	fail "-b 1 stalled: $rows rows and $lost lost, expected 20000 in all"
echo "ok: $rows rows + $lost lost = 20000"

expect_bad_input "no probe" "$BPFKIT" trace
expect_bad_input "bad spec" "$BPFKIT" trace 'do_sys_open (arg1 =='
expect_bad_input "format arity" "$BPFKIT" trace 'c:malloc "%d %d", arg1'
expect_bad_input "no such field" "$BPFKIT" trace 't:syscalls:sys_enter_openat "%d", args->nosuch'
expect_bad_input "no such tracepoint" "$BPFKIT" trace 't:nosuch:event'
expect_bad_input "untyped struct field" "$BPFKIT" trace 'c:malloc "%d", arg1->x'
expect_bad_input "no such member" "$BPFKIT" trace "$TESTBIN/structs:visit(struct outer *o) \"%d\", o->nosuch"
expect_bad_input "no such type" "$BPFKIT" trace "$TESTBIN/structs:visit(struct nosuch *o) \"%d\", o->x"
expect_bad_input "no such USDT probe" "$BPFKIT" trace "u:$TESTBIN/usdt:bpfkit_test:nosuch"
expect_bad_input "USDT argument missing" "$BPFKIT" trace "u:$TESTBIN/usdt:done \"%d\", arg1"
expect_bad_input "-u without -t" "$BPFKIT" trace -u 't:syscalls:sys_enter_getpid'
expect_bad_input "not a cgroup" "$BPFKIT" trace -c /proc 't:syscalls:sys_enter_getpid'
# The first probe attached, the second fails: one line, and nothing stays.
expect_bad_input "second probe fails to attach" "$BPFKIT" trace 't:syscalls:sys_enter_getpid' 'c:bpfkit_nosuch_fn'
# A mechanism the kernel lacks (forced off) stops trace and argdist with
# the line funccount gives, naming the probe and the mechanism; -M 1 ends
# a trace that would attach anyway.
BPFKIT_DISABLE=uprobes expect_bad_input "no uprobes" "$BPFKIT" trace -M 1 'r:c:malloc "%d", retval'
expect_grep '^trace: cannot attach uretprobe malloc: uprobes: disabled by BPFKIT_DISABLE$' "$T/bad.err"
BPFKIT_DISABLE=tracepoints expect_bad_input "no tracepoints" "$BPFKIT" trace -M 1 't:syscalls:sys_enter_getpid'
expect_grep '^trace: cannot attach tracepoint syscalls:sys_enter_getpid: tracepoints: disabled by BPFKIT_DISABLE$' "$T/bad.err"
BPFKIT_DISABLE=uprobes expect_bad_input "argdist without uprobes" "$BPFKIT" argdist -n 1 -i 1 -C 'p:c:malloc(size_t s):size_t:s'
expect_grep '^argdist: cannot attach uprobe malloc: uprobes: disabled by BPFKIT_DISABLE$' "$T/bad.err"
# Which programs are trace's own: -v names each by its kernel id, checked
# here against the ids /proc/PID/fdinfo says it holds while it runs (other
# BPF users on the machine do not matter).
gated_start "$TESTBIN/getpids" 3
start_tool trace -v -p "$PROG_PID" 't:syscalls:sys_enter_getpid' "$TESTBIN/getpids:main"
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
held=$(cat /proc/"$TOOL_PID"/fdinfo/* 2>/dev/null | sed -n 's/^prog_id:[[:space:]]*//p' | sort -u)
said=$(sed -n 's/^trace: debug: .*: loaded as BPF program \([0-9]*\)$/\1/p' "$T/trace.err" | sort -u)
[ "$(echo "$held" | wc -w)" -eq 2 ] && [ "$held" = "$said" ] ||
	fail "trace -v named programs '$said', its fdinfo holds '$held'"
poke
wait "$PROG_PID"
wait_for_lines "$T/trace.out" " sys_enter_getpid +\$" 3
stop_tool
# gone_programs IDS: each is freed once its last holder is (within 10 s:
# the kernel frees a program after an RCU grace period).
gone_programs() {
	command -v bpftool >/dev/null || return 0
	_deadline=$(( $(date +%s) + 10 ))
	for _id in $1; do
		while bpftool prog show id "$_id" >/dev/null 2>&1; do
			[ "$(date +%s)" -lt "$_deadline" ] || fail "$2: BPF program $_id stayed loaded"
			sleep 0.05
		done
	done
}
gone_programs "$held" "trace after Ctrl-C"
# The same for the failing run: both programs were loaded before the
# second probe's attach failed.
"$BPFKIT" trace -v 't:syscalls:sys_enter_getpid' 'c:bpfkit_nosuch_fn' >"$T/bad.out" 2>"$T/bad.err" &&
	fail "a probe that cannot attach: exit status 0"
said=$(sed -n 's/^trace: debug: .*: loaded as BPF program \([0-9]*\)$/\1/p' "$T/bad.err" | sort -u)
[ "$(echo "$said" | wc -w)" -eq 2 ] || fail "trace -v named programs '$said', expected 2: $(grep -v '^ ' "$T/bad.err")"
gone_programs "$said" "trace whose second probe failed"
echo "ok: trace's own programs ($(echo $held), then $(echo $said)) are gone when it is"
expect_bad_input "-j with -A" "$BPFKIT" trace -j -A 't:syscalls:sys_enter_getpid'
# These were accepted: with -S -M 1, trace's own write of its header was
# the one event it printed before it exited 0.  100,000 '-' overflowed the
# parser's stack.
expect_bad_input "unterminated string" "$BPFKIT" trace -S -M 1 't:syscalls:sys_enter_write "%d", 1, "'
expect_grep "^trace: unterminated string at column 37 of " "$T/bad.err"
expect_bad_input "division by a constant 0" "$BPFKIT" trace -S -M 1 't:syscalls:sys_enter_write "%d", $pid % (1 - 1)'
expect_grep "division by zero: .* \\(column 39\\)\$" "$T/bad.err"
expect_bad_input "100,000 unary '-'" "$BPFKIT" trace -S -M 1 \
	"t:syscalls:sys_enter_write ($(awk 'BEGIN { while (i++ < 100000) printf "-" }')1)"
expect_bad_input "unknown constant" "$BPFKIT" trace 't:syscalls:sys_enter_openat (args->flags == NOSUCH_CONSTANT)'
expect_bad_input "-> on a struct" "$BPFKIT" trace "$TESTBIN/structs:visit(struct outer *o) \"%d\", o->embedded->id"
echo PASS
