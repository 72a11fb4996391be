# kvmexit: without the kvm modules one line says KVM is absent.  With kvm
# and kvm_amd loaded (QEMU's TCG "max" CPU offers AMD SVM to the guest, so
# the guest's KVM runs a nested vCPU) it counts a test vCPU's exits: 7 port
# writes are exactly 7 IOIO exits and its halt one HLT, for the process
# (-p, threads summed), its thread (-t), each thread (-p -a), a list (-T)
# and in -j.  (This host's own KVM, PVM, emits no kvm_exit events: the
# host cannot show a row.)
. "$TESTLIB"
mods=/etc/testmodules/kvm_amd
n=7
expect_bad_input "no kvm module" "$BPFKIT" kvmexit
grep -qxF 'kvmexit: KVM is absent: no kvm:kvm_exit trace event (load the kvm_intel or kvm_amd module)' "$T/bad.err" ||
	fail "refusal: $(cat "$T/bad.err")"
[ -s "$mods" ] || fail "this kernel package has no kvm_amd module"
kvm_unload() {
	for _m in $(sed -n '1!G;h;$p' "$mods"); do rmmod "$_m" 2>/dev/null; done
}
at_exit kvm_unload
for m in $(cat "$mods"); do
	insmod "/lib/modules/$m.ko" || fail "insmod $m (the guest CPU: $(grep -m1 -o -w svm /proc/cpuinfo || echo no svm))"
done
[ -e /dev/kvm ] || mknod /dev/kvm c 10 232

run() { # MODE: -p, -t, -a, -T or -j
	gated_start "$TESTBIN/kvmrun" $n
	case $1 in
	-p) start_tool kvmexit -p "$PROG_PID" ;;
	-t) start_tool kvmexit -t "$PROG_PID" ;;
	-a) start_tool kvmexit -p "$PROG_PID" -a ;;
	-T) start_tool kvmexit -T "1,$PROG_PID" ;;
	-j) start_tool kvmexit -j -p "$PROG_PID" ;;
	esac
	out=$T/kvmexit.out
	[ "$1" = -j ] && out=$T/kvmexit.err
	wait_for "$out" '^Display kvm exit reasons and statistics for .*\.\.\. Hit Ctrl-C to end\.$' 60
	poke
	wait "$PROG_PID" || fail "kvmrun: $(cat "$T/prog.out")"
	stop_tool
}
row() { # REASON COUNT, after the columns of the mode
	printf '^%s%-35s %-8s$' "$pre" "$1" "$2"
}
for mode in -p -t -a -T; do
	run $mode
	case $mode in
	-p) pre="" what="PID $PROG_PID" cols="" ;;
	-t) pre="" what="TID $PROG_PID" cols="" ;;
	-a) pre=$(printf '%-8s ' "$PROG_PID") what="PID $PROG_PID and its all threads" cols="TID      " ;;
	-T) pre=$(printf '%-8s ' "$PROG_PID") what="TIDS \\['1', '$PROG_PID'\\]" cols="TIDS     " ;;
	esac
	expect_grep "^Display kvm exit reasons and statistics for $what\\.\\.\\. Hit Ctrl-C to end\\.\$" "$T/kvmexit.out"
	expect_grep "^$(printf '%s%-35s %s' "$cols" KVM_EXIT_REASON COUNT)\$" "$T/kvmexit.out"
	expect_grep "$(row IOIO $n)" "$T/kvmexit.out"
	expect_grep "$(row HLT 1)" "$T/kvmexit.out"
	echo "ok: kvmexit $mode: $n IOIO, 1 HLT ($(grep -c . "$T/kvmexit.out") lines)"
done
# By -p and -t the busiest reason comes first.
run -p
first=$(sed -n '3p' "$T/kvmexit.out" | awk '{ print $NF }')
awk 'NR > 2 { print $NF }' "$T/kvmexit.out" | while read -r c; do
	[ "$c" -le "$first" ] || fail "-p: not busiest first: $(cat "$T/kvmexit.out")"
done
run -j
expect_grep "^\\{\"kvm_exit_reason\": \"IOIO\", \"count\": $n\\}\$" "$T/kvmexit.out"
expect_grep '^\{"kvm_exit_reason": "HLT", "count": 1\}$' "$T/kvmexit.out"
echo "ok: kvmexit -j"
expect_bad_input "kvmexit -v for a process with no vCPU" "$BPFKIT" kvmexit -p $$ -v 0
echo PASS
