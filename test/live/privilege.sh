# vm: skip (setpriv is util-linux's; the guest has busybox only)
# Without privilege a tool says what is missing (root, which capability,
# kptr_restrict, CAP_SYS_PTRACE) in one line and exits 1, instead of
# blaming the kernel ("not mounted", "older than 5.8", "no trampoline") or
# printing "??"/[unknown] with exit 0.
. "$TESTLIB"
command -v setpriv >/dev/null || fail "setpriv (util-linux) is needed"

# The user "nobody" must be able to run the binary wherever the checkout is.
chmod 755 "$T"
cp "$BPFKIT" "$T/bpfkit"
chmod 755 "$T/bpfkit"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
# CAP_BPF and CAP_PERFMON but not CAP_SYSLOG or CAP_SYS_PTRACE: enough to
# trace, not to read kernel addresses or other users' mappings.
TRACER="$NOBODY --inh-caps=+bpf,+perfmon --ambient-caps=+bpf,+perfmon"

$NOBODY "$T/bpfkit" features >"$T/features.out" 2>&1 || fail "features as nobody"
for f in fentry tp_btf raw_tp uprobe_multi ringbuf; do
	expect_grep "^$f +no +cannot tell: needs root, or CAP_BPF and CAP_PERFMON" "$T/features.out"
done
expect_grep '^perf_sw +no +cannot tell: .*CAP_PERFMON' "$T/features.out"
expect_no_grep 'older than|no BPF trampoline|kernel refuses' "$T/features.out"
echo "ok: features as nobody names the missing privilege"

for cmd in "execsnoop" "opensnoop" "runqlat 1 1" "softirqs 1 1" "profile 1" "capable" \
	"trace t:syscalls:sys_enter_getpid" "argdist -C t:syscalls:sys_enter_getpid()" \
	"funccount t:syscalls:sys_enter_getpid" "stackcount t:syscalls:sys_enter_getpid"; do
	# shellcheck disable=SC2086
	expect_bad_input "$cmd as nobody" $NOBODY "$T/bpfkit" $cmd
	expect_grep "^${cmd%% *}: needs root, or CAP_BPF and CAP_PERFMON: this process lacks both$" "$T/bad.err"
	[ ! -s "$T/bad.out" ] || fail "$cmd as nobody printed on stdout: $(cat "$T/bad.out")"
done

expect_bad_input "sym -k as nobody" $NOBODY "$T/bpfkit" sym -k ffffffff81000000
expect_grep '^sym: kernel addresses in /proc/kallsyms are hidden from this process .*CAP_SYSLOG' "$T/bad.err"
expect_bad_input "sym -p as nobody" $NOBODY "$T/bpfkit" sym -p 1 0x1000
expect_grep '^sym: cannot read process 1: .*CAP_SYS_PTRACE' "$T/bad.err"

# Tracing with CAP_BPF + CAP_PERFMON only works, and the stacks say once
# why their frames are [unknown]: a root workload in the kernel (reads) and
# in user space (spinner), sampled by a tracer without CAP_SYSLOG or
# CAP_SYS_PTRACE.
profile_as_tracer() { # NAME -K|-U PROG ARGS...: profile the gated PROG with $TRACER
	_n=$1 _which=$2
	shift 2
	gated_start "$@"
	$TRACER "$T/bpfkit" profile -F 199 "$_which" -p "$PROG_PID" >"$T/$_n.out" 2>"$T/$_n.err" &
	TOOL_PID=$!
	BG_PIDS="$BG_PIDS $TOOL_PID"
	wait_for "$T/$_n.out" '^Sampling'
	poke
	wait "$PROG_PID"
	stop_tool
}
profile_as_tracer reads -K "$TESTBIN/reads" 2000000
[ "$(grep -c 'kernel frames will show as \[unknown\]: .*CAP_SYSLOG' "$T/reads.err")" -eq 1 ] ||
	fail "profile -K: expected one hint about hidden kernel addresses"
profile_as_tracer spin -U "$TESTBIN/spinner" 500
[ "$(grep -c "user frames of other users' processes will show as \[unknown\]: .*CAP_SYS_PTRACE" "$T/spin.err")" -eq 1 ] ||
	fail "profile -U: expected one hint about unreadable mappings"
echo "ok: CAP_BPF+CAP_PERFMON traces, each hint printed once"
echo PASS
