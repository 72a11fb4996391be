# numamove's three ways of seeing a NUMA balancing migration: fentry/fexit on
# migrate_misplaced_folio (6.10+) or migrate_misplaced_page, kprobes (fentry
# disabled) and migrate_pages()'s tracepoints with reason NUMA_MISPLACED
# (kprobes disabled too).  With two NUMA nodes (BPFKIT_VM_NUMA=1) a program
# writes 64 pages of node 0 from a CPU of node 1 until NUMA balancing has
# moved all 64: the tool counts at least the 64, and at least every
# migration /proc/vmstat counts (numa_pages_migrated) while it runs (more
# where other processes' shared pages move too: the counts matched exactly
# on 6.12, 69 against 72 over a wider window on 6.1).  With one node nothing
# migrates: the rows are all 0, by each mechanism.
# vm: timeout 200
. "$TESTLIB"

nodes=$(ls -d /sys/devices/system/node/node[0-9]* | wc -l)
fn=migrate_misplaced_page
grep -q ' migrate_misplaced_folio$' /proc/kallsyms && fn=migrate_misplaced_folio
spec="migrate_misplaced_folio or migrate_misplaced_page"
hdr="^$(printf '%-10s %18s %18s' TIME NUMA_migrations NUMA_migrations_ms)\$"
vmstat() { sed -n "s/^$1 //p" /proc/vmstat; }
# Everything but the workload stays on CPU 0 (node 0), with its memory.
taskset -p 1 $$ >/dev/null
if [ "$nodes" -ge 2 ]; then
	echo 1 >/proc/sys/kernel/numa_balancing
	# Scan at once and often (debugfs since 5.19, sysctl before).
	for k in scan_delay_ms=0 scan_period_min_ms=100 scan_period_max_ms=200; do
		for f in /sys/kernel/debug/sched/numa_balancing/${k%=*} /proc/sys/kernel/numa_balancing_${k%=*}; do
			[ -w "$f" ] && echo "${k#*=}" >"$f"
		done
	done
fi

for off in "" fentry fentry,kprobes; do
	export BPFKIT_DISABLE="$off"
	case "$off" in
	"") entry="fentry $fn" ret="fexit $fn" ;;
	fentry) entry="kprobe $fn" ret="kretprobe $fn" ;;
	*)
		entry="tracepoint migrate:mm_migrate_pages_start" ret="tracepoint migrate:mm_migrate_pages"
		if ! [ -e /sys/kernel/tracing/events/migrate/mm_migrate_pages_start ]; then
			# 5.10 has no start tracepoint: one line naming the probe.
			expect_bad_input "numamove without kprobes on $KERNEL_ID" "$BPFKIT" numamove
			grep -q "$spec" "$T/bad.err" || fail "the refusal does not name the probe"
			continue
		fi
		;;
	esac
	if [ "$nodes" -ge 2 ]; then
		gated_start "$TESTBIN/numahop" pull 0 1 64 90
		start_tool numamove --verbose
		wait_for "$T/numamove.out" "$hdr" 60
		# Counted while the tool runs, so it must have seen each.
		before=$(vmstat numa_pages_migrated)
		poke
		wait "$PROG_PID" || fail "numahop: $(cat "$T/prog.out")"
		moved=$(($(vmstat numa_pages_migrated) - before))
		stop_tool
	else
		start_tool numamove --verbose
		wait_for "$T/numamove.out" "$hdr" 60
		wait_for_lines "$T/numamove.out" '^[0-9:]{8} ' 2 30
		stop_tool
		moved=0
	fi
	expect_grep "probe $spec: $entry" "$T/numamove.err"
	expect_grep "probe $spec return: $ret" "$T/numamove.err"
	bad=$(grep -Ev '^[0-9:]{8} +[0-9]+ +[0-9]+$' "$T/numamove.out" | grep -Ev "$hdr") && fail "rows not as libbpf-tools': $bad"
	sum=$(awk 'NR > 1 { n += $2 } END { print n + 0 }' "$T/numamove.out")
	[ "$sum" -ge "$moved" ] || fail "$entry: numamove counted $sum, /proc/vmstat $moved"
	if [ "$nodes" -ge 2 ]; then
		[ "$sum" -ge 64 ] || fail "$entry: $sum migrations for 64 pages"
	else
		[ "$sum" -eq 0 ] || fail "$entry: $sum migrations on one node"
	fi
	echo "ok: $entry / $ret: $sum migrations ($nodes node(s); /proc/vmstat: $moved)"
done
echo PASS
