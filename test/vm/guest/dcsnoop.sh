# dcsnoop sees the test's own lookups: a process opening a unique name that
# does not exist shows it as a failed lookup (M) with its PID and COMM, and
# with -a as a reference (R) too; fentry/fexit, then kprobe/kretprobe, in
# text and in -j.
. "$TESTLIB"

i=0
for off in "" fentry; do
	for args in "" -a -j "-a -j"; do
		i=$((i + 1))
		export BPFKIT_DISABLE="$off"
		name="dcsnoop-$$-$i-missing"
		mkdir "$T/d$i"
		gated_start "$TESTBIN/opener" -d "$T/d$i" "$name"
		# shellcheck disable=SC2086
		start_tool dcsnoop --verbose $args
		case $args in *-j*) hdr="$T/dcsnoop.err" ;; *) hdr="$T/dcsnoop.out" ;; esac
		wait_for "$hdr" "^$(printf '%-11s %-7s %-16s %1s %s' 'TIME(s)' PID COMM T FILE | sed 's/[()]/\\&/g')\$" 120
		poke
		wait "$PROG_PID" || fail "opener failed"
		grep -q "^$name -1 2\$" "$T/prog.out" || fail "opener: $(cat "$T/prog.out")"
		case $args in
		*-j*) wait_for "$T/dcsnoop.out" "\"t\": \"M\", \"file\": \"$name\"" ;;
		*) wait_for "$T/dcsnoop.out" " M $name\$" ;;
		esac
		stop_tool
		if [ -z "$off" ]; then entry=fentry ret=fexit; else entry=kprobe ret=kretprobe; fi
		expect_grep "probe d_lookup entry: $entry d_lookup" "$T/dcsnoop.err"
		expect_grep "probe d_lookup return: $ret d_lookup" "$T/dcsnoop.err"
		mine="$PROG_PID +opener +"
		case $args in
		"")
			expect_grep "^[0-9]+\.[0-9]{6} +$mine M $name\$" "$T/dcsnoop.out"
			expect_no_grep " R " "$T/dcsnoop.out"
			expect_no_grep "probe lookup_fast" "$T/dcsnoop.err" ;;
		-a)
			expect_grep "^[0-9]+\.[0-9]{6} +$mine M $name\$" "$T/dcsnoop.out"
			expect_grep "^[0-9]+\.[0-9]{6} +$mine R $name\$" "$T/dcsnoop.out"
			expect_grep "probe lookup_fast: $entry lookup_fast" "$T/dcsnoop.err" ;;
		*)
			for t in M ${args%-j}; do
				[ "$t" = -a ] && t=R
				expect_grep "^\{\"time_s\": [0-9]+\.[0-9]{6}, \"pid\": $PROG_PID, \"comm\": \"opener\", \"t\": \"$t\", \"file\": \"$name\"\}\$" "$T/dcsnoop.out"
			done ;;
		esac
		# The reference comes first, then the lookup that failed.
		if [ "$args" = -a ]; then
			r=$(grep -n " R $name\$" "$T/dcsnoop.out" | head -1 | cut -d: -f1)
			m=$(grep -n " M $name\$" "$T/dcsnoop.out" | head -1 | cut -d: -f1)
			[ "$r" -lt "$m" ] || fail "-a: R at line $r after M at line $m"
		fi
		echo "ok: dcsnoop $entry/$ret $args: $(grep -c "$name" "$T/dcsnoop.out") lines for $name"
	done
done
echo PASS
