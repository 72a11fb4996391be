# filetop through vfs_read/vfs_write: test/progs/fsrw's file, read once
# (4 KiB) and written twice (12 KiB) by its one thread, in the summary
# printed at Ctrl-C; fentry with -r 1 -s wbytes (that file alone), then
# kprobes (fentry disabled) with -a and -j (its /dev/null write too).
. "$TESTLIB"

for run in fentry kprobe; do
	if [ "$run" = kprobe ]; then
		export BPFKIT_DISABLE=fentry
		set -- -a -j
		status=err # -j: the status line on stderr
	else
		status=out
		unset BPFKIT_DISABLE
		set -- -C -r 1 -s wbytes
	fi
	name=bpfkit-top-$$-$run
	gated_start "$TESTBIN/fsrw" "$T/$name"
	start_tool filetop -p "$PROG_PID" "$@" 60
	wait_for "$T/filetop.$status" '^Tracing\.\.\. Output every 60 secs\. Hit Ctrl-C to end$' 60
	poke
	wait "$PROG_PID" || fail "fsrw failed"
	stop_tool
	if [ "$run" = fentry ]; then
		expect_grep '^TID +COMM +READS +WRITES +R_Kb +W_Kb +T FILE$' "$T/filetop.out"
		got=$(awk '$1 ~ /^[0-9]+$/ && NF == 8' "$T/filetop.out")
		want=$(printf '%-7s %-16s %-6s %-6s %-7s %-7s %1s %s' "$PROG_PID" fsrw 1 2 4 12 R "$name")
	else
		got=$(grep '^{' "$T/filetop.out" | sed 's/"tid": [0-9]*, //')
		want=$(printf '{"comm": "fsrw", "reads": 1, "writes": 2, "r_kb": 4, "w_kb": 12, "t": "R", "file": "%s"}\n' "$name")
		want="$want
"'{"comm": "fsrw", "reads": 0, "writes": 1, "r_kb": 0, "w_kb": 0, "t": "R", "file": "prog.out"}
{"comm": "fsrw", "reads": 0, "writes": 1, "r_kb": 0, "w_kb": 0, "t": "O", "file": "null"}'
		grep -q "\"tid\": $PROG_PID," "$T/filetop.out" || fail "no row of TID $PROG_PID"
	fi
	[ "$got" = "$want" ] || fail "$run: expected
$want
got
$got"
	echo "ok: $run: $got"
done

# --prometheus: every row, in exact bytes (not whole KiB), as counters;
# busybox's wget scrapes it.
unset BPFKIT_DISABLE
name=bpfkit-top-$$-prom
gated_start "$TESTBIN/fsrw" "$T/$name"
start_tool filetop -p "$PROG_PID" --prometheus 127.0.0.1:0
wait_for "$T/filetop.out" '^Serving metrics on http://127\.0\.0\.1:[0-9]+/metrics' 60
port=$(metrics_port "$T/filetop.out")
poke
wait "$PROG_PID" || fail "fsrw failed"
labels="tid=\"$PROG_PID\",comm=\"fsrw\",t=\"R\",file=\"$name\""
scrape_until "$port" "$T/m.txt" 20 -F "bpfkit_filetop_written_bytes_total{$labels} 12288"
grep -qF "bpfkit_filetop_read_bytes_total{$labels} 4096" "$T/m.txt" || fail "read bytes: $(grep fsrw "$T/m.txt")"
grep -qF "bpfkit_filetop_reads_total{$labels} 1" "$T/m.txt" || fail "reads: $(grep fsrw "$T/m.txt")"
grep -qF "bpfkit_filetop_writes_total{$labels} 2" "$T/m.txt" || fail "writes: $(grep fsrw "$T/m.txt")"
stop_tool
echo "ok: --prometheus: 1 read of 4096 bytes, 2 writes of 12288"
echo PASS
