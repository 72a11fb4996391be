# reset-trace on this host (no kprobes): a stray uprobe event, on
# test/progs/getpids' main, is cleared with -q silent and -v's lines for it
# exact; one in use is refused in one line, status 1; a tracing_on another
# tracer may have turned off is reported and, without -F, left.  (-F is the
# guest test's: here it would reset ftrace under whoever else traces.)
# vm: skip (it needs readelf for the offset; test/vm/guest/reset-trace.sh does kprobe_events and -F there)
. "$TESTLIB"

TFS=/sys/kernel/tracing
[ -d "$TFS/events" ] || mount -t tracefs tracefs "$TFS" || fail "cannot mount tracefs"
BIN=$(readlink -f "$TESTBIN/getpids")
# main's file offset: its address less that of the LOAD segment holding it.
vaddr=$(readelf -sW "$BIN" | awk '$8 == "main" { print $2; exit }')
[ -n "$vaddr" ] || fail "no main in $BIN's symbols"
OFF=
readelf -lW "$BIN" | grep -E '^ +LOAD ' >"$T/loads"
while read -r _ off va _ fsz _; do
	if [ $((0x$vaddr)) -ge $((va)) ] && [ $((0x$vaddr)) -lt $((va + fsz)) ]; then
		OFF=$(printf '0x%016x' $((0x$vaddr - va + off)))
		break
	fi
done <"$T/loads"
[ -n "$OFF" ] || fail "no LOAD segment of $BIN holds main (0x$vaddr)"
PROBE="p:uprobes/bpfkit_stray $BIN:$OFF"

stray() {
	echo "p:bpfkit_stray $BIN:$OFF" >>"$TFS/uprobe_events" || fail "cannot add a uprobe event"
	grep -qx "$PROBE" "$TFS/uprobe_events" || fail "uprobe_events lacks '$PROBE': $(cat "$TFS/uprobe_events")"
}
gone() {
	! grep -q bpfkit_stray "$TFS/uprobe_events" || fail "bpfkit_stray still in uprobe_events after $1"
}
tidy() {
	echo 0 2>/dev/null >"$TFS/events/uprobes/bpfkit_stray/enable"
	echo 1 >"$TFS/tracing_on"
	echo "-:uprobes/bpfkit_stray" 2>/dev/null >>"$TFS/uprobe_events"
}
at_exit tidy

# -q: cleared, and not a word.
stray
"$BPFKIT" reset-trace -q >"$T/q.out" 2>"$T/q.err" || fail "-q: exit status $?: $(cat "$T/q.err")"
[ ! -s "$T/q.out" ] && [ ! -s "$T/q.err" ] || fail "-q printed: $(cat "$T/q.out" "$T/q.err")"
gone "-q"
echo "ok: -q cleared $PROBE silently"

# -v: what it cleared, numbered; a first and a last line.
stray
"$BPFKIT" reset-trace -v >"$T/v.out" 2>"$T/v.err" || fail "-v: exit status $?: $(cat "$T/v.err")"
gone "-v"
printf 'Checking %s\nCleared %s (1 line)\n%6d\t%s\nChecking %s\n' "$TFS/uprobe_events" "$TFS/uprobe_events" 1 \
	"$PROBE" "$TFS/trace" >"$T/want"
grep -A3 -x "Checking $TFS/uprobe_events" "$T/v.out" >"$T/got"
cmp -s "$T/want" "$T/got" || fail "-v: uprobe_events lines differ: $(diff "$T/want" "$T/got")"
[ "$(head -1 "$T/v.out")" = "Resetting the tracing state in $TFS" ] || fail "-v's first line: $(head -1 "$T/v.out")"
[ "$(tail -1 "$T/v.out")" = "Done." ] || fail "-v's last line: $(tail -1 "$T/v.out")"
echo "ok: -v: $(sed -n 2,3p "$T/got" | tr '\t\n' '  ')"

# In use (enabled): the kernel refuses, reset-trace says so once, status 1.
stray
echo 1 >"$TFS/events/uprobes/bpfkit_stray/enable" || fail "cannot enable bpfkit_stray"
expect_bad_input "uprobe_events in use" "$BPFKIT" reset-trace -q
grep -qx "reset-trace: cannot reset $TFS/uprobe_events: Device or resource busy (a tracer still running uses it)" \
	"$T/bad.err" || fail "in use: $(cat "$T/bad.err")"
grep -qx "$PROBE" "$TFS/uprobe_events" || fail "the probe in use went away"
tidy

# tracing_on off: noticed, not reset without -F.
echo 0 >"$TFS/tracing_on" || fail "cannot write tracing_on"
"$BPFKIT" reset-trace >"$T/n.out" 2>"$T/n.err" || fail "tracing_on 0: exit status $?: $(cat "$T/n.err")"
grep -qx "Left $TFS/tracing_on as it is: \"0\", not \"1\" (-F resets it)" "$T/n.out" ||
	fail "tracing_on 0 not reported: $(cat "$T/n.out")"
[ "$(cat "$TFS/tracing_on")" = 0 ] || fail "tracing_on reset without -F"
echo 1 >"$TFS/tracing_on"
echo "ok: tracing_on 0 reported and left"

expect_bad_input "-q with -v" "$BPFKIT" reset-trace -q -v
expect_bad_input "an argument" "$BPFKIT" reset-trace extra
