# shmsnoop: test/progs/shmcalls' five calls, exactly as BCC prints them
# (RET in hex, ARGs decoded), then -x (only the failed shmget), -T -n -t and
# -j.
. "$TESTLIB"

# calls 'ARGS' LAST: shmsnoop ARGS (evaluated once $PROG_PID is known) while
# shmcalls runs, until a line matching LAST; $id and $addr from shmcalls.
calls() {
	gated_start "$TESTBIN/shmcalls"
	eval "start_tool shmsnoop $1"
	wait_for "$T/shmsnoop.${3:-out}" 'RET +ARGs$'
	poke
	wait "$PROG_PID" || fail "shmcalls failed"
	id=$(awk '{ print $2 }' "$T/prog.out") addr=$(awk '{ print $4 }' "$T/prog.out")
	wait_for "$T/shmsnoop.out" "$2"
	stop_tool
}
row() { # SYS RET ARGS: the line BCC prints for shmcalls
	printf '%-6d %-16s %6s %16s %s' "$PROG_PID" shmcalls "$1" "$2" "$3"
}
has() {
	grep -Fxq -- "$1" "$T/shmsnoop.out" || fail "expected the line '$1'"
}

calls '-p "$PROG_PID"' '0x5eed5eed'
has "$(printf '%-6s %-16s %6s %16s ARGs' PID COMM SYS RET)"
has "$(row SHMGET "$id" 'key: 0x0, size: 8192, shmflg: 0x380 (IPC_CREAT|0600)')"
has "$(row SHMAT "$addr" "shmid: 0x$id, shmaddr: 0x0, shmflg: 0x1000 (SHM_RDONLY)")"
has "$(row SHMDT 0 "shmaddr: 0x$addr")"
has "$(row SHMCTL 0 "shmid: 0x$id, cmd: 0 (IPC_RMID), buf: 0x0")"
has "$(row SHMGET fffffffffffffffe 'key: 0x5eed5eed, size: 4096, shmflg: 0x180 (0600)')"
[ "$(wc -l <"$T/shmsnoop.out")" -eq 6 ] || fail "expected the header and 5 rows"
echo "ok: the five calls"

calls '-x -p "$PROG_PID"' '0x5eed5eed'
[ "$(wc -l <"$T/shmsnoop.out")" -eq 2 ] || fail "-x: expected only the failed call"
has "$(row SHMGET fffffffffffffffe 'key: 0x5eed5eed, size: 4096, shmflg: 0x180 (0600)')"
echo "ok: -x"

calls '-T -n mcal -t "$PROG_PID"' '0x5eed5eed'
has "$(printf '%-14s%-6s %-16s %6s %16s ARGs' 'TIME(s)' TID COMM SYS RET)"
grep -Eq "^0\.000000000 +$PROG_PID +shmcalls +SHMGET +$id +key: 0x0, " "$T/shmsnoop.out" || fail "-T -t: first row"
[ "$(wc -l <"$T/shmsnoop.out")" -eq 6 ] || fail "-T -n -t: expected 5 rows"
echo "ok: -T -n -t"

calls '-j -p "$PROG_PID"' '0x5eed5eed' err
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"shmcalls\", \"sys\": \"SHMDT\", \"ret\": 0, \"args\": \"shmaddr: 0x$addr\"\}$" "$T/shmsnoop.out"
# RET is hex in the text, the number in JSON.
expect_grep "^\{\"pid\": $PROG_PID, \"comm\": \"shmcalls\", \"sys\": \"SHMGET\", \"ret\": -2, \"args\": \"key: 0x5eed5eed, size: 4096, shmflg: 0x180 \(0600\)\"\}$" "$T/shmsnoop.out"
echo "ok: -j"
