#!/bin/sh
# Unwind table build time and size (issue #18): for each FILE, bpfkit sym
# --unwind-table run RUNS times (default 5); prints the median build time
# the tool measures around the table's construction, the table's rows,
# FDEs and bytes, and the peak RSS of the whole command.
#   bench/unwind_table.sh BPFKIT [RUNS] FILE...
set -eu
bpfkit=${1:?usage: unwind_table.sh BPFKIT [RUNS] FILE...}
shift
runs=5
case ${1:-} in [0-9]*) runs=$1; shift ;; esac
for f in "$@"; do
	[ -r "$f" ] || { echo "skip $f: not readable"; continue; }
	i=0
	: >/tmp/unwind-bench.$$
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%M' -o /tmp/unwind-rss.$$ "$bpfkit" sym --unwind-table --json -e "$f" | tail -1 |
			python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; print(s["build_us"], s["rows"], s["fdes"], s["bytes"], s["unsupported"])' \
			| tr '\n' ' ' >>/tmp/unwind-bench.$$
		cat /tmp/unwind-rss.$$ >>/tmp/unwind-bench.$$
		i=$((i + 1))
	done
	sort -n /tmp/unwind-bench.$$ | awk -v f="$f" -v size="$(stat -c %s "$f")" '{ l[NR] = $0 } END {
		split(l[int((NR + 1) / 2)], m, " ")
		printf "%-58s %6.1f MB file  %7.1f ms  %7d rows  %6d FDEs  %5d unsupported  %6.2f MB table  RSS %5.1f MB\n",
			f, size / 1048576, m[1] / 1000, m[2], m[3], m[5], m[4] / 1048576, m[6] / 1024 }'
done
rm -f /tmp/unwind-bench.$$ /tmp/unwind-rss.$$
