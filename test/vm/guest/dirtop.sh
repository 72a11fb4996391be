# dirtop through vfs_read/vfs_write: test/progs/fsrw's file two levels
# under one of the watched directories (-d with a pattern and a list) is
# counted for that directory: 1 read, 2 writes, 4 and 12 KiB; its
# prog.out, outside them, is not; fentry in text (-C), then kprobes
# (fentry disabled) with -j.
. "$TESTLIB"

mkdir -p "$T/top/alpha/sub" "$T/top/beta"
for run in fentry kprobe; do
	if [ "$run" = kprobe ]; then
		export BPFKIT_DISABLE=fentry
		set -- -j
		status=err # -j: the status line on stderr
	else
		unset BPFKIT_DISABLE
		set -- -C
		status=out
	fi
	gated_start "$TESTBIN/fsrw" "$T/top/alpha/sub/f-$run"
	start_tool dirtop -p "$PROG_PID" -d "$T/top/al*,$T/top/beta" "$@" 60
	wait_for "$T/dirtop.$status" '^Tracing\.\.\. Output every 60 secs\. Hit Ctrl-C to end$' 60
	poke
	wait "$PROG_PID" || fail "fsrw failed"
	stop_tool
	if [ "$run" = fentry ]; then
		expect_grep '^READS +WRITES +R_Kb +W_Kb +PATH$' "$T/dirtop.out"
		got=$(grep "$T/top" "$T/dirtop.out")
		want=$(printf '%-6s %-6s %-8s %-8s %s' 1 2 4 12 "$T/top/alpha")
	else
		got=$(grep '^{' "$T/dirtop.out")
		want="{\"reads\": 1, \"writes\": 2, \"r_kb\": 4, \"w_kb\": 12, \"path\": \"$T/top/alpha\"}"
	fi
	[ "$got" = "$want" ] || fail "$run: expected '$want', got '$got'"
	echo "ok: $run: $got"
done
echo PASS
