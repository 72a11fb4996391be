# numasched sees a test program move between NUMA nodes: on CPU A, then B,
# then A again.  Where A and B are on two nodes (a guest booted with
# BPFKIT_VM_NUMA=1) that is exactly two rows, A's node to B's and back;
# where they share a node (this host has one) it is no row at all.
. "$TESTLIB"

node_of() { # CPU
	for _n in /sys/devices/system/cpu/cpu"$1"/node[0-9]*; do
		[ -e "$_n" ] && { echo "${_n##*node}"; return; }
	done
	echo 0
}
ncpu=$(grep -c '^processor' /proc/cpuinfo)
a=0 b=$((ncpu - 1))
# The CPU farthest from A's node, where there is one.
for c in $(seq 1 $((ncpu - 1))); do
	[ "$(node_of "$c")" != "$(node_of 0)" ] && { b=$c; break; }
done
na=$(node_of $a) nb=$(node_of $b)

hdr="^$(printf '%-8s %-8s %-8s %-8s    %-8s %-8s' TIME PID TID SRC_NID DST_NID COMM)\$"
row() { # FROM TO
	printf '^[0-9:]{8} %-8s %-8s %-8s -> %-8s %-8s$' "$PROG_PID" "$PROG_PID" "$1" "$2" numahop
}
hop() { # -p|-t|-c|-j: the program's run under the tool, with that filter
	gated_start "$TESTBIN/numahop" hop $a $b
	case $1 in
	-p | -t) start_tool numasched "$1" "$PROG_PID" ;;
	-c) start_tool numasched -c numahop ;;
	-j) start_tool numasched -j -p "$PROG_PID" ;;
	esac
	out=$T/numasched.out
	[ "$1" = -j ] && out=$T/numasched.err
	wait_for "$out" "$hdr"
	expect_grep '^Tracing task NUMA switch\.\.\.$' "$out"
	poke
	wait "$PROG_PID" || fail "numahop failed"
	[ "$na" = "$nb" ] || wait_for_lines "$T/numasched.out" "$PROG_PID" 2
	stop_tool
}

for f in -p -t -c; do
	hop $f
	if [ "$na" = "$nb" ]; then
		expect_no_grep " $PROG_PID " "$T/numasched.out"
		echo "ok: numasched $f: CPUs $a and $b are both on node $na: no row"
	else
		expect_grep "$(row "$na" "$nb")" "$T/numasched.out"
		expect_grep "$(row "$nb" "$na")" "$T/numasched.out"
		[ "$(grep -c " $PROG_PID " "$T/numasched.out")" -eq 2 ] || fail "numasched $f: not exactly two rows"
		echo "ok: numasched $f: node $na -> $nb -> $na"
	fi
done
if [ "$na" != "$nb" ]; then
	hop -j
	for m in "$na $nb" "$nb $na"; do
		set -- $m
		expect_grep "^\{\"time\": \"[0-9:]{8}\", \"pid\": $PROG_PID, \"tid\": $PROG_PID, \"src_nid\": $1, \"dst_nid\": $2, \"comm\": \"numahop\"\}\$" "$T/numasched.out"
	done
	echo "ok: numasched -j"
fi

expect_bad_input "numasched -p with no such process" "$BPFKIT" numasched -p 999999999
expect_bad_input "numasched with an argument" "$BPFKIT" numasched extra
