# Every tool that needs no arguments either starts on this kernel (prints
# its header or first lines, ends on SIGINT with status 0 and nothing on
# stderr) or refuses in one line on stderr naming what the kernel lacks,
# with a non-zero status.  Which tools may refuse is pinned per kernel: a
# fallback that breaks shows up as a new refusal.
# Each tool takes 2-5 s to start and stop under emulation; more than the
# guest's usual 240 s once there are 100 of them:
# vm: timeout 600
. "$TESTLIB"

# Tools that take a spec (argdist, funccount, stackcount, trace) have tests
# of their own; bpfkit's own commands trace nothing.  The application and
# language tools need a server, a runtime or a PID of one, none of which
# the guests have: their live tests run on the host.
tools=$("$BPFKIT" list | awk '/^[a-z]+:$/ { sec = $1; next }
	NF && sec != "debugging:" && sec != "bpfkit:" && sec != "applications:" && sec != "languages:" { print $1 }')
[ -n "$tools" ] || fail "bpfkit list gave no tools"
# Under QEMU there are no hardware counters.  fsslower and fsdist need -t,
# dirtop -d, biolatpcts a DEV; the guest kernels have no f2fs, zfs or (module
# not loaded) nfs, and no md driver loaded (mdflush).
refusals=" llcstat biolatpcts mdflush dirtop fsslower fsdist f2fsslower f2fsdist nfsslower nfsdist zfsslower zfsdist "
# xfs and btrfs are loaded only by the tests that use them (bpfkit-fs).
for fs in xfs btrfs; do
	grep -qw "$fs" /proc/filesystems || refusals="$refusals${fs}slower ${fs}dist "
done
# netqtop needs -n NIC; rdma_ucm is not loaded (guest/rdmaucma.sh loads
# it); mptcpify needs MPTCP and update_socket_protocol() (6.6).
refusals="${refusals}netqtop rdmaucma "
# deadlock needs the PID to trace (guest runs of live/deadlock.sh give it one),
# ttysnoop the device to watch (guest/ttysnoop.sh gives it one).
refusals="${refusals}deadlock ttysnoop "
# No Debian kernel has the preemptirq tracepoints or CONFIG_BPF_KPROBE_OVERRIDE
# (criticalstat, inject); hcalls are powerpc's; kvm is loaded only by
# guest/kvmexit.sh.
[ -d /sys/kernel/tracing/events/preemptirq ] || refusals="${refusals}criticalstat "
[ -d /sys/kernel/tracing/events/kvm ] || refusals="${refusals}kvmexit "
refusals="${refusals}inject ppchcalls "
# No guest has a CPU frequency driver (cpufreq).
[ -e /sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq ] || refusals="${refusals}cpufreq "
{ [ -e /proc/sys/net/mptcp ] && grep -qw update_socket_protocol /proc/kallsyms; } || refusals="${refusals}mptcpify "
ran=0 refused=0
for t in $tools; do
	start_tool "$t"
	deadline=$(( $(date +%s) + 60 ))
	while alive "$TOOL_PID" && [ ! -s "$T/$t.out" ]; do
		[ "$(date +%s)" -lt "$deadline" ] || fail "$t: no output and still running after 60 s"
		sleep 0.05
	done
	if alive "$TOOL_PID"; then
		stop_tool
		[ ! -s "$T/$t.err" ] || fail "$t printed on stderr: $(cat "$T/$t.err")"
		case "$refusals" in *" $t "*) fail "$t ran where it was expected to refuse" ;; esac
		echo "ok: $t runs: $(head -n 1 "$T/$t.out")"
		ran=$((ran + 1))
	else
		wait "$TOOL_PID"
		rc=$?
		[ "$rc" -ne 0 ] || fail "$t ended by itself with status 0"
		[ "$rc" -lt 128 ] || fail "$t killed by signal $((rc - 128))"
		[ "$(wc -l <"$T/$t.err")" -eq 1 ] || fail "$t: expected one line on stderr"
		case "$refusals" in *" $t "*) ;; *) fail "$t refused: $(cat "$T/$t.err")" ;; esac
		echo "ok: $t refuses: $(cat "$T/$t.err")"
		refused=$((refused + 1))
	fi
	rm -f "$T/$t.out" "$T/$t.err"
done
echo "ok: $ran tools run, $refused refuse"
echo PASS
