# kvmexit on this machine's KVM: where the kvm module is not loaded one line
# says KVM is absent.  Where it is, a test vCPU (test/progs/kvmrun) writes
# to an I/O port 7 times and halts: a KVM that runs guests in hardware
# VMX/SVM mode emits 7 IOIO exits and a HLT, and kvmexit -p shows exactly
# those; PVM (the kvm_pvm module, this host's) emits no kvm_exit events, and
# the table has no row for it.  Bad input: one line each, nothing attached.
. "$TESTLIB"
expect_bad_input "kvmexit -v without -p" "$BPFKIT" kvmexit -v 0
expect_bad_input "kvmexit -t with -a" "$BPFKIT" kvmexit -t 1 -a
expect_bad_input "kvmexit -T with a word" "$BPFKIT" kvmexit -T 1,x
expect_bad_input "kvmexit -p of no process" "$BPFKIT" kvmexit -p 999999999
if [ ! -e /sys/kernel/tracing/events/kvm/kvm_exit ] && [ ! -e /sys/kernel/debug/tracing/events/kvm/kvm_exit ] &&
	! grep -qw kvm /proc/modules 2>/dev/null && [ ! -d /sys/module/kvm ]; then
	expect_bad_input "kvmexit without KVM" "$BPFKIT" kvmexit
	grep -qxF 'kvmexit: KVM is absent: no kvm:kvm_exit trace event (load the kvm_intel or kvm_amd module)' "$T/bad.err" ||
		fail "refusal: $(cat "$T/bad.err")"
	echo PASS
	exit 0
fi
n=7
gated_start "$TESTBIN/kvmrun" $n
start_tool kvmexit -p "$PROG_PID"
wait_for "$T/kvmexit.out" "^Display kvm exit reasons and statistics for PID $PROG_PID\\.\\.\\. Hit Ctrl-C to end\\.\$"
poke
wait "$PROG_PID" || fail "kvmrun: $(cat "$T/prog.out")"
stop_tool
expect_grep "^$(printf '%-35s %s' KVM_EXIT_REASON COUNT)\$" "$T/kvmexit.out"
if [ -d /sys/module/kvm_pvm ]; then
	[ "$(wc -l <"$T/kvmexit.out")" -eq 2 ] || fail "PVM: rows for a KVM that emits no kvm_exit"
	echo "ok: kvmexit -p: PVM emits no kvm_exit events: no row"
else
	expect_grep "^$(printf '%-35s %-8s' IOIO $n)\$|^$(printf '%-35s %-8s' IO_INSTRUCTION $n)\$" "$T/kvmexit.out"
	expect_grep "^$(printf '%-35s %-8s' HLT 1)\$" "$T/kvmexit.out"
	echo "ok: kvmexit -p: $n port writes, 1 halt"
fi
echo PASS
