# rdmaucma: without the rdma_ucm module one line says RDMA is absent; with
# it loaded (6.1, 6.12), the tool relocates its reads against the modules' BTF and
# attaches to ucma_event_handler() by fentry and by kprobe, and -D prints
# the programs first.  No event is seen: the guests have no RDMA device
# (Debian's cloud kernel has no soft-RoCE, rdma_rxe), and without one a
# user space id resolving an address fails at once (ENODEV) instead of
# getting an event.
. "$TESTLIB"
mods=/etc/testmodules/rdma_ucm
absent='rdmaucma: RDMA is absent: the rdma_ucm module is not loaded (modprobe rdma_ucm), so no ucma_event_handler() to trace'
expect_bad_input "no rdma_ucm" "$BPFKIT" rdmaucma
grep -qxF "$absent" "$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
if [ ! -s "$mods" ]; then
	echo "ok: this kernel package has no rdma_ucm module: only the refusal is checked"
	echo PASS
	exit 0
fi
rdma_unload() {
	for _m in $(sed -n '1!G;h;$p' "$mods"); do rmmod "$_m" 2>/dev/null; done
}
at_exit rdma_unload
for m in $(cat "$mods"); do
	insmod "/lib/modules/$m.ko" || fail "insmod $m"
done
if [ ! -e /sys/kernel/btf/rdma_cm ]; then
	expect_bad_input "no module BTF" "$BPFKIT" rdmaucma
	grep -qxF 'rdmaucma: this kernel has no BTF for the rdma_cm module (/sys/kernel/btf/rdma_cm: module BTF came in Linux 5.11)' \
		"$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
	echo PASS
	exit 0
fi
for off in "" fentry; do
	export BPFKIT_DISABLE="$off"
	start_tool rdmaucma --verbose -D
	wait_for "$T/rdmaucma.out" '^Timestamp Event +Family Local +Remote +$' 60
	stop_tool
	case "$off" in "") mech="fentry ucma_event_handler" ;; *) mech="kprobe ucma_event_handler" ;; esac
	expect_grep "probe ucma_event_handler: $mech" "$T/rdmaucma.err"
	expect_grep "^; program ucma_(fentry|kprobe) \\($mech\\)" "$T/rdmaucma.err"
	exp=$(printf '%s\n%-9s %-16s %-4s %-45s %-45s' \
		"Tracing RDMA Userspace Connection Manager Access event... Hit Ctrl-C to end." \
		Timestamp Event Family Local Remote)
	[ "$(cat "$T/rdmaucma.out")" = "$exp" ] || fail "output: $(cat "$T/rdmaucma.out")"
	echo "ok: $mech attached, -D printed its program"
done
unset BPFKIT_DISABLE
echo PASS
