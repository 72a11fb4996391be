# drsnoop: a process of the test's, in an 8 MB memory cgroup, reads a 20 MB
# file back through the page cache: it reclaims that cache itself, and each
# reclaim is a row with its PID and COMM; -n, -t and -U select and add as
# BCC's; -e shows the free memory (where /proc/kallsyms has vm_zone_stat).
. "$TESTLIB"
. "$(dirname "$TESTLIB")/memcg.sh"
file=$(memcg_dir)/bpfkit-drsnoop-$$
at_exit rm_file
rm_file() { rm -f "$file"; }

# reclaim STREAM 'ARGS': drsnoop ARGS (evaluated once pagereader's
# $PROG_PID is known; header on STREAM) while pagereader reclaims; its rows
# stay in $T/drsnoop.out.
reclaim() {
	_stream=$1
	shift
	memcg_make 8
	gated_start "$TESTBIN/pagereader" "$file" 20
	memcg_enter "$PROG_PID"
	eval "start_tool drsnoop $*"
	wait_for "$T/drsnoop.$_stream" 'LAT\(ms\) +PAGES'
	poke
	wait "$PROG_PID" || fail "pagereader failed: $(cat "$T/prog.out")"
	stop_tool
	memcg_cleanup
}

reclaim out '-p "$PROG_PID"'
expect_grep '^COMM +PID +LAT\(ms\) +PAGES$' "$T/drsnoop.out"
rows=$(grep -Ec "^pagereader +$PROG_PID +[0-9]+\.[0-9]{2} +[0-9]+$" "$T/drsnoop.out")
[ "$rows" -ge 1 ] || fail "no reclaim row of pagereader $PROG_PID"
[ "$rows" -eq $(($(wc -l <"$T/drsnoop.out") - 1)) ] || fail "rows of other processes with -p"
pages=$(awk 'NR > 1 { n += $4 } END { print n }' "$T/drsnoop.out")
# 20 MB read into 8: at least 12 MB of its cache reclaimed (3072 pages),
# less what the cgroup held before (the guests' disk holds 32 MB).
[ "$pages" -ge 2048 ] || fail "only $pages pages reclaimed"
echo "ok: $rows reclaims of pagereader, $pages pages"

reclaim out '-T -U -t "$PROG_PID" -n agerea'
expect_grep '^TIME\(s\) +UID +COMM +TID +LAT\(ms\) +PAGES$' "$T/drsnoop.out"
expect_grep "^0\.000000000 +0 +pagereader +$PROG_PID +[0-9.]+ +[0-9]+$" "$T/drsnoop.out"
echo "ok: -T -U -t -n"

reclaim out -n nosuchcomm
[ "$(wc -l <"$T/drsnoop.out")" -eq 1 ] || fail "-n nosuchcomm printed rows"
echo "ok: -n nosuchcomm: no rows"

if grep -Eq ' (vm_zone_stat|vm_stat)$' /proc/kallsyms; then
	reclaim err '-j -e -p "$PROG_PID"'
	expect_grep "^\{\"comm\": \"pagereader\", \"pid\": $PROG_PID, \"lat_ms\": [0-9.]+, \"pages\": [0-9]+, \"free_kb\": [1-9][0-9]*\}$" "$T/drsnoop.out"
	echo "ok: -j -e"
else
	expect_bad_input "-e without vm_zone_stat in kallsyms" "$BPFKIT" drsnoop -e
	reclaim err '-j -p "$PROG_PID"'
	expect_grep "^\{\"comm\": \"pagereader\", \"pid\": $PROG_PID, \"lat_ms\": [0-9.]+, \"pages\": [0-9]+\}$" "$T/drsnoop.out"
	echo "ok: -j"
fi
