# compactsnoop: a shell of the test's writes 1 to /proc/sys/vm/compact_memory,
# which compacts every populated zone of every node, whole (order -1) and
# synchronously: a row per zone with its PID, as /proc/zoneinfo lists them.
. "$TESTLIB"
[ -w /proc/sys/vm/compact_memory ] || fail "no /proc/sys/vm/compact_memory (a kernel without CONFIG_COMPACTION)"
# Kernels up to 5.15 (the 5.10 guest) name no compact_control in the
# tracepoints: there compactsnoop takes compact_zone() by fentry/fexit.
case $(uname -r) in [0-4].* | 5.[0-9].* | 5.1[0-5].*) path=function ;; *) path=tracepoints ;; esac

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
# Each stack begins at the compaction itself (compact_zone, or on the
# function path, where the stack is taken as it returns, its caller).
first_frame='^	_*compact_zone\+0x'
[ "$path" = function ] && first_frame='^	_*compact_(zone|node)\+0x'
awk '/^sh / { getline f; print f }' "$T/compactsnoop.out" | grep -Evc "$first_frame" | grep -qx 0 ||
	fail "-K: a stack does not begin at compact_zone"
echo "ok: -K ($path)"

# -e: each zone's watermarks as /proc/zoneinfo has them (boost included),
# its free pages, and no fragmentation index for a whole-zone compaction.
compact out -e
expect_grep '^COMM {11}PID {4}NODE ZONE {9}ORDER MODE    FRAGIDX  MIN      LOW      HIGH     FREE       LAT\(ms\) {11}STATUS$' "$T/compactsnoop.out"
awk '/^Node/ { node = $2; sub(",", "", node); zone = $4 }
     $1 == "pages" && $2 == "free" { free = $3 }
     $1 == "min" { min = $2 } $1 == "low" { low = $2 }
     $1 == "high" && NF == 2 { high = $2 }
     $1 == "present" && $2 > 0 {
	name = zone == "DMA" ? "ZONE_DMA" : zone == "DMA32" ? "ZONE_DMA32" : zone == "Normal" ? "ZONE_NORMAL" : ""
	if (name == "") name = zone == "Movable" ? 3 : zone
	print node, name, min, low, high, $2
     }' /proc/zoneinfo >"$T/wmarks"
while read -r node zone min low high present; do
	row=$(grep -E "^sh +$PROG_PID +$node +$zone +-1 +SYNC +-1\.000 +" "$T/compactsnoop.out") || fail "-e: no row for $node $zone"
	set -- $row
	[ "$8 $9 ${10}" = "$min $low $high" ] || fail "-e: $zone: watermarks $8 $9 ${10}, /proc/zoneinfo: $min $low $high"
	[ "${11}" -gt 0 ] && [ "${11}" -le "$present" ] || fail "-e: $zone: free ${11} of $present pages"
done <"$T/wmarks"
echo "ok: -e"

compact err -T -j -K
expect_grep '"kernel_stack": \[[^]]*"sysctl_compaction_handler\+0x[0-9a-f]+"' "$T/compactsnoop.out"
compact err -T -j
first=$(head -n 1 "$T/zones")
expect_grep "^\{\"time_s\": 0\.0+, \"comm\": \"sh\", \"pid\": $PROG_PID, \"node\": ${first% *}, \"zone\": \"${first#* }\", \"order\": -1, \"mode\": \"SYNC\", \"lat_ms\": [0-9.]+, \"status\": \"$status\"\}$" "$T/compactsnoop.out"
echo "ok: -T -j"
