# Shared by the per-event cost benches (sourced): $work, $n and $runs are
# the caller's.

# The median of numbers on stdin, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run_under LOOP READY-REGEX TRACER...: $runs times, start the tracer, wait
# until its output matches READY-REGEX (it is attached), run LOOP $n (it
# prints ns per call), stop the tracer; prints the median ns per call.
run_under() {
	_loop=$1 _re=$2
	shift 2
	for _i in $(seq "$runs"); do
		"$@" >"$work/out" 2>&1 &
		_tp=$!
		until grep -Eq "$_re" "$work/out"; do sleep 0.01; done
		"$_loop" "$n"
		kill -INT "$_tp"
		wait "$_tp" || true
	done | median
}
