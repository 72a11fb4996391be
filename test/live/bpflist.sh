# bpflist finds a running bpfkit execsnoop by its file descriptors: its PID,
# comm bpfkit, and as many programs, maps and links as its fdinfo files say
# (counted here from /proc/PID/fdinfo); -v names its programs as bpftool
# names them by ID, and counts the uprobes tracefs says a process opened
# (two made here, one named as BCC names them, one as libbpf does); -vv
# prints their definitions; -j the same rows as JSON.
# vm: skip (the guests have no bpftool to name the programs independently)
. "$TESTLIB"

command -v bpftool >/dev/null || fail "no bpftool"
start_tool execsnoop
wait_for "$T/execsnoop.out" '^COMM +PID +PPID +RET +ARGS$'
P=$TOOL_PID

# The test's own count: descriptors whose fdinfo is a program's, a map's,
# a link's (a link's fdinfo names its program too: prog_type: tells them
# apart).
count() {
	_n=0
	for _f in /proc/"$P"/fdinfo/*; do
		grep -q "^$1:" "$_f" 2>/dev/null && _n=$((_n + 1))
	done
	echo "$_n"
}
progs=$(count prog_type) maps=$(count map_type) links=$(count link_type)
[ "$progs" -gt 0 ] && [ "$maps" -gt 0 ] || fail "execsnoop holds $progs programs and $maps maps?"

"$BPFKIT" bpflist >"$T/list.out" 2>"$T/list.err" || fail "bpflist exited $?"
expect_grep '^PID    COMM             TYPE +COUNT$' "$T/list.out"
expect_grep "^$P +bpfkit +prog +$progs\$" "$T/list.out"
expect_grep "^$P +bpfkit +map +$maps\$" "$T/list.out"
expect_grep "^$P +bpfkit +link +$links\$" "$T/list.out"
# Its rows in bpflist's order of types.
[ "$(grep "^$P " "$T/list.out" | awk '{ print $3 }' | tr '\n' ' ')" = "prog map link btf " ] ||
	fail "execsnoop's rows: $(grep "^$P " "$T/list.out")"
echo "ok: bpflist: $P bpfkit with $progs programs, $maps maps, $links links"

# -v: the names bpftool gives the programs of the IDs in fdinfo.
for f in /proc/"$P"/fdinfo/*; do
	grep -q '^prog_type:' "$f" && sed -n 's/^prog_id:[[:space:]]*//p' "$f"
done | sort -n -u >"$T/ids"
names=$(while read -r id; do
	bpftool prog show id "$id" | sed -n '1s/.* name \([^ ]*\) .*/\1/p'
done <"$T/ids" | tr '\n' ',')
names=${names%,}
[ -n "$names" ] || fail "bpftool named none of the programs $(cat "$T/ids")"

# Two uprobes in tracefs for a process of the test's, named for it.
UPF=/sys/kernel/tracing/uprobe_events
[ -w "$UPF" ] || UPF=/sys/kernel/debug/tracing/uprobe_events
[ -w "$UPF" ] || fail "no uprobe_events in tracefs"
gated_start /bin/sleep 60
S=$PROG_PID
EV1=p_bpflist_test_bcc_$S EV2=libbpf_${S}_bpflist_0x1000_0
probes_cleanup() {
	echo "-:uprobes/$EV1" >>"$UPF" 2>/dev/null
	echo "-:uprobes/$EV2" >>"$UPF" 2>/dev/null
}
at_exit probes_cleanup
echo "p:uprobes/$EV1 /bin/true:0x1000" >>"$UPF" || fail "cannot add a uprobe to $UPF"
echo "p:uprobes/$EV2 /bin/true:0x1000" >>"$UPF" || fail "cannot add a second uprobe"

"$BPFKIT" bpflist -v >"$T/v.out" || fail "bpflist -v"
expect_grep '^PID    COMM             TYPE +COUNT NAMES$' "$T/v.out"
expect_grep "^$P +bpfkit +prog +$progs +$names\$" "$T/v.out"
expect_grep "^$S +sleep +uprobe +2\$" "$T/v.out"
expect_no_grep "^$S +sleep +(prog|map)" "$T/v.out"
# Without -v the probes are not counted.
"$BPFKIT" bpflist >"$T/plain.out"
expect_no_grep "^$S " "$T/plain.out"
echo "ok: bpflist -v: programs $names; 2 uprobes of $S"

"$BPFKIT" bpflist -vv >"$T/vv.out" || fail "bpflist -vv"
sed -n '/^open uprobes:$/,/^$/p' "$T/vv.out" >"$T/open"
{ echo "open uprobes:"; cat "$UPF"; echo; } | cmp -s - "$T/open" || fail "-vv: 'open uprobes:' is not $UPF: $(cat "$T/open")"
[ "$(head -n 1 "$T/vv.out")" = "open kprobes:" ] || fail "-vv does not start with open kprobes:"
expect_grep "^$S +sleep +uprobe +2\$" "$T/vv.out"

"$BPFKIT" bpflist -j -v >"$T/j.out" || fail "bpflist -j -v"
jnames=$(echo "$names" | sed 's/,/", "/g')
expect_grep "^\{\"pid\": $P, \"comm\": \"bpfkit\", \"type\": \"prog\", \"count\": $progs, \"names\": \[\"$jnames\"\]\}\$" "$T/j.out"
expect_grep "^\{\"pid\": $S, \"comm\": \"sleep\", \"type\": \"uprobe\", \"count\": 2\}\$" "$T/j.out"
expect_no_grep '^PID' "$T/j.out"
"$BPFKIT" bpflist -j -vv >"$T/jvv.out" || fail "bpflist -j -vv"
expect_grep "^\{\"probe_type\": \"uprobe\", \"definition\": \"p:uprobes/$EV1 /bin/true:0x0*1000\"\}\$" "$T/jvv.out"

stop_tool
# Gone with the tool.
"$BPFKIT" bpflist >"$T/after.out"
expect_no_grep "^$P " "$T/after.out"

# A running trace: its generated programs, one per probe, named for what
# they serve.
start_tool trace 't:syscalls:sys_enter_getpid "x"' 't:syscalls:sys_enter_getppid "y"'
wait_for "$T/trace.out" '^PID +TID +COMM +FUNC'
"$BPFKIT" bpflist -v >"$T/tr.out" || fail "bpflist -v with trace"
expect_grep "^$TOOL_PID +bpfkit +prog +2 +trace_getpid,trace_getppid\$" "$T/tr.out"
stop_tool
echo "ok: bpflist -v: trace's 2 programs, trace_getpid and trace_getppid"

expect_bad_input "an argument" "$BPFKIT" bpflist 123
echo PASS
