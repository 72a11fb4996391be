# dcstat counts the test's own lookups: a process opening K names that do
# not exist, each unique, relative to a directory it holds open, makes K
# references (lookup_fast) that are K slow lookups (d_lookup) and K misses;
# opening K files that exist there, K more references that the cache answers
# (tmpfs keeps no negative dentry, so a missing name misses every time).
# fentry/fexit, then kprobe/kretprobe, in text and in -j.
. "$TESTLIB"

k=40
i=0
for off in "" fentry; do
	for args in "" -j; do
		i=$((i + 1))
		export BPFKIT_DISABLE="$off"
		names=$(seq 1 $k | sed "s/^/dc-$$-$i-/")
		mkdir "$T/d$i"
		for n in $names; do : >"$T/d$i/$n-here"; done
		# shellcheck disable=SC2086
		gated_start "$TESTBIN/opener" -d "$T/d$i" $names $(echo "$names" | sed 's/$/-here/')
		start_tool dcstat --verbose $args -p "$PROG_PID" 1
		if [ -n "$args" ]; then hdr="$T/dcstat.err"; else hdr="$T/dcstat.out"; fi
		wait_for "$hdr" 'HIT%$' 120
		poke
		wait "$PROG_PID" || fail "opener failed"
		[ "$(grep -c ' -1 2$' "$T/prog.out")" -eq $k ] && [ "$(grep -c -- '-here [0-9]* 0$' "$T/prog.out")" -eq $k ] ||
			fail "opener: not $k ENOENT and $k opened: $(cat "$T/prog.out")"
		stop_tool
		if [ -z "$off" ]; then fast=fentry dl=fexit; else fast=kprobe dl=kretprobe; fi
		expect_grep "probe lookup_fast: $fast lookup_fast" "$T/dcstat.err"
		expect_grep "probe d_lookup return: $dl d_lookup" "$T/dcstat.err"
		if [ -n "$args" ]; then
			expect_grep "^$(printf '%-8s   %8s %8s %8s %8s' TIME REFS/s SLOW/s MISS/s 'HIT%')\$" "$T/dcstat.err"
			rows=$(sed -n 's/^{"time": "[0-9:]\{8\}", "refs_per_s": \([0-9]*\), "slow_per_s": \([0-9]*\), "miss_per_s": \([0-9]*\), "hit_pct": \(null\|[0-9.]*\)}$/\1 \2 \3/p' "$T/dcstat.out")
			[ "$(echo "$rows" | grep -c .)" -eq "$(grep -c . "$T/dcstat.out")" ] || fail "-j: a line is not a dcstat object"
		else
			expect_grep "^$(printf '%-8s   %8s %8s %8s %8s' TIME REFS/s SLOW/s MISS/s 'HIT%')\$" "$T/dcstat.out"
			rows=$(sed -n 's/^[0-9:]\{8\}: \+\([0-9]\+\) \+\([0-9]\+\) \+\([0-9]\+\) \+\([0-9.]\+\|-%\)$/\1 \2 \3/p' "$T/dcstat.out")
			[ "$(echo "$rows" | grep -c .)" -eq "$(grep -c '^[0-9:]\{8\}: ' "$T/dcstat.out")" ] || fail "a line is not a dcstat row"
			# HIT% is (REFS - MISS) / REFS of its line ("-%" without references).
			awk '/^[0-9:]+: / { want = $2 ? sprintf("%.2f", 100 * ($2 - $4) / $2) : "-%"; if ($5 != want) { print; bad = 1 } }
			     END { exit bad }' "$T/dcstat.out" || fail "HIT% is not (REFS - MISS) / REFS"
		fi
		set -- $(echo "$rows" | awk '{ r += $1; s += $2; m += $3 } END { print r + 0, s + 0, m + 0 }')
		echo "dcstat $off $args: refs $1 slow $2 miss $3 for $k missing names and $k there"
		[ "$*" = "$((2 * k)) $k $k" ] || fail "refs $1 slow $2 miss $3, expected $((2 * k)) $k $k"
		echo "ok: dcstat $fast/$dl $args"
	done
done
echo PASS
