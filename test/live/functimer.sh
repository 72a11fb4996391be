# The function-timing tools' tests' workload (sourced after lib.sh, not a
# test itself): test/progs/functimer in $P, and hist_is, which holds a
# histogram to the times functimer measured itself.
P=$TESTBIN/functimer

# hist_is FILE NAME DIV: the rows with counts of the histogram in FILE are
# those of functimer's NAME lines (prog.out: a call's time, or a gap between
# ticks), in units of DIV ns: each in its log2 bucket, none elsewhere (a
# load that makes a 40 ms sleep take 70 ms moves both).  But for the first,
# which is counted and somewhere: its caller also saw the process's first
# uprobe hit set up (10 ms of a 10 ms nap in an emulated guest), the tool
# not.
hist_is() {
	awk -v name="$2" -v div="$3" '$1 == name && seen++ {
		v = int($2 / div); s = 0; p = 1
		while (v >= 2) { v = int(v / 2); s++; p *= 2 }
		c[s]++; lo[s] = s ? p : 0; hi[s] = 2 * p - 1
	} END { for (s in c) printf "%d %d %d\n", lo[s], hi[s], c[s] }' "$T/prog.out" | sort -n >"$T/want"
	grep -E '^ +[0-9]+ -> [0-9]+ +: [1-9]' "$1" | awk '{ print $1, $3, $5 }' | sort -n >"$T/got"
	[ -s "$T/want" ] || fail "functimer measured no $2 after the first"
	# got less want: one, the first, and no bucket short.
	awk 'NR == FNR { w[$1] = $3; next } { d = $3 - w[$1]; delete w[$1]; if (d < 0) bad = 1; extra += d }
		END { for (k in w) bad = 1; exit bad || extra != 1 }' "$T/want" "$T/got" ||
		fail "$2 histogram: want $(cat "$T/want") and one more, got $(cat "$T/got")"
}
