# rdmaucma traces the rdma_ucm module's ucma_event_handler(): where the
# module is not loaded (this host's kernel loads no modules) it says RDMA is
# absent in one line and exits non-zero; bad input is refused.
# test/vm/guest/rdmaucma.sh loads rdma_ucm in the 6.12 guest and sees an
# event there.
# vm: skip (test/vm/guest/rdmaucma.sh runs there)
. "$TESTLIB"
expect_bad_input "an argument" "$BPFKIT" rdmaucma x
expect_bad_input "duration not a number" "$BPFKIT" rdmaucma -d x
if [ ! -e /sys/module/rdma_ucm ]; then
	expect_bad_input "no rdma_ucm" "$BPFKIT" rdmaucma
	grep -qxF 'rdmaucma: RDMA is absent: the rdma_ucm module is not loaded (modprobe rdma_ucm), so no ucma_event_handler() to trace' \
		"$T/bad.err" || fail "refusal: $(cat "$T/bad.err")"
fi
echo PASS
