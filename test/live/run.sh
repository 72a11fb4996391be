# bpfkit run on the worked example (docs/examples/run/writes.bpf.c, built
# into build/objs): test/progs/writer's writes of sizes the test chose, as
# BCC's log2 histogram byte for byte, as a table sorted by count, as ring
# buffer records with their fields and user stacks, and as bpf_printk lines
# with the writer's PID; the same as JSON; the printk line read by bpfkit
# trace_pipe; and bad objects refused in one line with nothing left attached.
# vm: skip (the objects in build/objs and python3 for BCC's histogram text are not in the guests)
. "$TESTLIB"
OBJS=$(dirname "$BPFKIT")/objs
EX=$OBJS/writes.bpf.o
[ -f "$EX" ] || fail "no $EX: the build makes it (target run_objects)"
SIZES="1 2 3 7 8 100 1000 1000 4096"

# BCC's print_log2_hist (src/python/bcc/table.py, _print_log2_hist and
# _stars), transcribed: the oracle the histogram text is compared with.
# Its index i holds what bpfkit's slot i - 1 holds.
bcc_log2_hist() { # VAL_TYPE COUNT-PER-SLOT...
	python3 - "$@" <<'PY'
import sys
val_type = sys.argv[1]
vals = [0] + [int(v) for v in sys.argv[2:]]
def _stars(val, val_max, width):
    i = 0
    text = ""
    while (1):
        if (i > (width * val / val_max) - 1) or (i > width - 1):
            break
        text += "*"
        i += 1
    if val > val_max:
        text = text[:-1] + "+"
    return text
idx_max = -1
val_max = 0
for i, v in enumerate(vals):
    if v > 0: idx_max = i
    if v > val_max: val_max = v
if idx_max <= 32:
    header = "     %-19s : count     distribution"
    body = "%10d -> %-10d : %-8d |%-*s|"
    stars = 40
else:
    header = "               %-29s : count     distribution"
    body = "%20d -> %-20d : %-8d |%-*s|"
    stars = 20
if idx_max > 0:
    print(header % val_type)
for i in range(1, idx_max + 1):
    low = (1 << i) >> 1
    high = (1 << i) - 1
    if (low == high):
        low -= 1
    val = vals[i]
    print(body % (low, high, val, stars, _stars(val, val_max, stars)))
PY
}

# One run of the writer under bpfkit run ARGS; the writer's PID in $P and
# the descriptor it wrote to in $FD.
writes_run() {
	gated_start "$TESTBIN/writer" $SIZES
	P=$PROG_PID
	start_tool run -p "$P" "$@" "$EX"
	if [ "${1:-}" = -j ]; then
		wait_for "$T/run.err" '^Running '
	else
		wait_for "$T/run.out" '^Running '
	fi
	poke
	wait_for "$T/prog.out" '^done [0-9]+$'
	FD=$(sed -n 's/^done //p' "$T/prog.out")
}

# ---------------------------------------------------------------- text
writes_run
wait_for "$T/run.out" "^pid=$P fd=1 count=7 "
wait_for "$T/run.out" "bpfkit-run write 7 bytes$"
stop_tool
poke
wait "$P"

# Records: every write, in order, with its fields decoded by name.
grep "^pid=$P " "$T/run.out" | sed 's/ustack_id=[0-9]* /ustack_id=N /' >"$T/records"
for s in $SIZES; do echo "pid=$P fd=$FD count=$s ustack_id=N comm=writer"; done >"$T/want"
echo "pid=$P fd=1 count=7 ustack_id=N comm=writer" >>"$T/want"
diff "$T/want" "$T/records" >"$T/diff" || fail "records differ: $(cat "$T/diff")"
echo "ok: 10 records decoded: $(head -1 "$T/records")"
# The user stack under each, symbolized: glibc's write, then (by frame
# pointers, which skip the caller of a function that keeps none) main.
expect_grep '^    (__libc_write|__write|write)$' "$T/run.out"
expect_grep '^    main$' "$T/run.out"
echo "ok: stack ids symbolized: $(grep -A3 "count=4096 " "$T/run.out" | tail -3 | tr -d ' ' | tr '\n' ' ')"

# bpf_printk's lines, as the kernel printed them, with the writer's PID.
for s in $SIZES 7; do
	expect_grep "^ *(writer|<\.\.\.>)-$P +\[[0-9]+\] .*: bpf_trace_printk: bpfkit-run write $s bytes$" "$T/run.out"
done
echo "ok: printk: $(grep -m1 'bpfkit-run write 4096' "$T/run.out")"

# The histogram, byte for byte BCC's: slots 0 (1), 1 (2, 3), 2 (7, and the
# 7 bytes of "done N"), 3 (8), 6 (100), 9 (1000 twice), 12 (4096).
sed -n '/^bytes_hist:$/,/^$/p' "$T/run.out" | sed '1d;/^$/d' >"$T/hist"
bcc_log2_hist bytes 1 2 2 1 0 0 1 0 0 2 0 0 1 >"$T/want" || fail "python3 failed"
cmp "$T/want" "$T/hist" || fail "histogram is not BCC's: $(diff "$T/want" "$T/hist")"
echo "ok: histogram identical to BCC's print_log2_hist ($(wc -l <"$T/hist") lines)"

# The table: per (pid, fd, comm), most writes first.
sed -n '/^writes:$/,/^$/p' "$T/run.out" | sed '1d;/^$/d' >"$T/table"
w=${#P}
[ "$w" -lt 3 ] && w=3
printf "%-${w}s  %-2s  %-6s  %s\n" pid fd comm value "$P" "$FD" writer 9 "$P" 1 writer 1 >"$T/want"
diff "$T/want" "$T/table" >"$T/diff" || fail "table differs: $(cat "$T/diff")"
echo "ok: table: $(sed -n 2p "$T/table")"

# ---------------------------------------------------------------- JSON
writes_run -j
wait_for "$T/run.out" "\"count\": 7, "
wait_for "$T/run.out" "bpfkit-run write 7 bytes\"}}$"
stop_tool
poke
wait "$P"
expect_grep "^\{\"map\": \"events\", \"event\": \{\"pid\": $P, \"fd\": $FD, \"count\": 4096, \"ustack_id\": [0-9]+, \"comm\": \"writer\", \"ustack\": \[[^]]*\"main\"" "$T/run.out"
expect_grep "^\{\"map\": \"writes\", \"key\": \{\"pid\": $P, \"fd\": $FD, \"comm\": \"writer\"\}, \"value\": 9\}$" "$T/run.out"
expect_grep "^\{\"map\": \"bytes_hist\", \"val_type\": \"bytes\", \"data\": \[\{\"interval-start\": 0, \"interval-end\": 1, \"count\": 1\}, \{\"interval-start\": 2, \"interval-end\": 3, \"count\": 2\}, " "$T/run.out"
expect_grep "\"interval-start\": 4096, \"interval-end\": 8191, \"count\": 1\}\]\}$" "$T/run.out"
expect_grep "^\{\"printk\": \{\"task\": \"(writer|<\.\.\.>)\", \"pid\": $P, \"cpu\": [0-9]+, \"ts\": [0-9.]+, \"msg\": \"bpfkit-run write 4096 bytes\"\}\}$" "$T/run.out"
echo "ok: -j: $(grep -m1 '"count": 4096' "$T/run.out")"

# ------------------------------------------- its printk by bpfkit trace_pipe
TOOL_PID=""
gated_start "$TESTBIN/writer" 4096
P=$PROG_PID
"$BPFKIT" trace_pipe -p "$P" >"$T/tp.out" 2>&1 &
TP=$!
BG_PIDS="$BG_PIDS $TP"
start_tool run --no-printk -p "$P" "$EX"
wait_for "$T/run.out" '^Running '
poke
wait_for "$T/prog.out" '^done [0-9]+$'
wait_for "$T/tp.out" "bpfkit-run write 4096 bytes$"
stop_tool
poke
kill -INT "$TP"
wait "$TP"
expect_grep "^ *(writer|<\.\.\.>)-$P +\[[0-9]+\] .*: bpf_trace_printk: bpfkit-run write 4096 bytes$" "$T/tp.out"
expect_no_grep "bpfkit-run" "$T/run.out"
echo "ok: trace_pipe: $(grep -m1 'bpfkit-run write 4096' "$T/tp.out")"

# ---------------------------------------------------------------- bad input
printf 'not an object\n' >"$T/text.o"
expect_bad_input "a text file" "$BPFKIT" run "$T/text.o"
head -c 2000 "$EX" >"$T/cut.o"
expect_bad_input "a truncated object" "$BPFKIT" run "$T/cut.o"
expect_bad_input "no programs" "$BPFKIT" run "$OBJS/noprogs.bpf.o"
expect_bad_input "a queue map" "$BPFKIT" run "$OBJS/queuemap.bpf.o"
expect_bad_input "an xdp program" "$BPFKIT" run "$OBJS/xdp.bpf.o"
expect_bad_input "no such file" "$BPFKIT" run "$T/missing.o"
expect_bad_input "--set of a variable it lacks" "$BPFKIT" run --set nosuch=1 "$EX"
expect_bad_input "a uprobe on a missing function" "$BPFKIT" run "$OBJS/badattach.bpf.o"
# Its first program had attached before the second failed: gone now.
[ -z "$(bpftool prog show name bpfkit_run_first 2>/dev/null)" ] || fail "bpfkit_run_first is still loaded"
echo "ok: nothing of badattach left loaded"
if "$BPFKIT" features | grep -q '^kprobes  *no'; then
	expect_bad_input "a kprobe on a kernel without kprobes" "$BPFKIT" run "$OBJS/kprobe.bpf.o"
	expect_grep "kprobes: " "$T/bad.err"
fi
