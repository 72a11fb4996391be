# compactsnoop: a shell of the test's writes 1 to /proc/sys/vm/compact_memory,
# which compacts every populated zone of every node, whole (order -1) and
# synchronously: a row per zone with its PID, as /proc/zoneinfo lists them.
. "$TESTLIB"
[ -w /proc/sys/vm/compact_memory ] || fail "no /proc/sys/vm/compact_memory (a kernel without CONFIG_COMPACTION)"
# Kernels up to 5.15 (the 5.10 guest) name no compact_control in the
# tracepoints: one line.
case $(uname -r) in [0-4].* | 5.[0-9].* | 5.1[0-5].*)
	expect_bad_input "compactsnoop on $(uname -r)" "$BPFKIT" compactsnoop
	grep -q 'compact_control' "$T/bad.err" || fail "the refusal does not say why"
	exit 0 ;;
esac

# The rows expected, "NODE ZONE" each, BCC's zone names.
awk '/^Node/ { node = $2; sub(",", "", node); zone = $4 }
     $1 == "present" && $2 > 0 {
	name = zone == "DMA" ? "ZONE_DMA" : zone == "DMA32" ? "ZONE_DMA32" : zone == "Normal" ? "ZONE_NORMAL" : ""
	if (name == "") name = zone == "Movable" ? 3 : zone
	print node, name
     }' /proc/zoneinfo >"$T/zones"
nzones=$(wc -l <"$T/zones")
[ "$nzones" -ge 1 ] || fail "no populated zone in /proc/zoneinfo"

compact() { # STREAM ARGS...
	_stream=$1
	shift
	gated_start /bin/sh -c 'read x && echo 1 >/proc/sys/vm/compact_memory'
	start_tool compactsnoop -p "$PROG_PID" "$@"
	wait_for "$T/compactsnoop.$_stream" 'LAT\(ms\) +STATUS$'
	poke
	wait "$PROG_PID" || fail "writing compact_memory failed"
	wait_for_lines "$T/compactsnoop.out" "$PROG_PID" "$nzones"
	stop_tool
}

compact out
expect_grep '^COMM {11}PID {4}NODE ZONE {9}ORDER MODE {6}LAT\(ms\) {11}STATUS$' "$T/compactsnoop.out"
status='(not_suitable_zone|skipped|deferred|no_suitable_page|continue|complete|partial_skipped|contended|success)'
while read -r node zone; do
	expect_grep "^sh +$PROG_PID +$node +$zone +-1 +SYNC +[0-9]+\.[0-9]{3} +$status$" "$T/compactsnoop.out"
done <"$T/zones"
[ "$(wc -l <"$T/compactsnoop.out")" -eq $((nzones + 1)) ] || fail "expected the header and $nzones rows"
echo "ok: $nzones zones:" $(awk 'NR > 1 { print $4 ":" $NF }' "$T/compactsnoop.out")

# -K: each row's kernel stack under it, a tab in, with offsets, from the
# compaction up through the sysctl write (no BPF frames), then an empty line.
compact out -K
[ "$(grep -Ec "^sh +$PROG_PID " "$T/compactsnoop.out")" -eq "$nzones" ] || fail "-K: expected $nzones rows"
[ "$(grep -Ec '^	sysctl_compaction_handler\+0x[0-9a-f]+$' "$T/compactsnoop.out")" -eq "$nzones" ] ||
	fail "-K: no sysctl_compaction_handler frame under each row"
[ "$(grep -Ec '^	vfs_write\+0x[0-9a-f]+$' "$T/compactsnoop.out")" -eq "$nzones" ] || fail "-K: no vfs_write frame under each row"
[ "$(grep -c '^$' "$T/compactsnoop.out")" -eq "$nzones" ] || fail "-K: an empty line after each stack"
expect_no_grep '^	(bpf_|__bpf_|__traceiter_)' "$T/compactsnoop.out"
# Each stack begins at the compaction itself.
awk '/^sh / { getline f; print f }' "$T/compactsnoop.out" | grep -Evc '^	_*compact_zone\+0x' | grep -qx 0 ||
	fail "-K: a stack does not begin at compact_zone"
echo "ok: -K"

compact err -T -j -K
expect_grep '"kernel_stack": \[[^]]*"sysctl_compaction_handler\+0x[0-9a-f]+"' "$T/compactsnoop.out"
compact err -T -j
first=$(head -n 1 "$T/zones")
expect_grep "^\{\"time_s\": 0\.0+, \"comm\": \"sh\", \"pid\": $PROG_PID, \"node\": ${first% *}, \"zone\": \"${first#* }\", \"order\": -1, \"mode\": \"SYNC\", \"lat_ms\": [0-9.]+, \"status\": \"$status\"\}$" "$T/compactsnoop.out"
echo "ok: -T -j"
