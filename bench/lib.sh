# Shared by the per-event cost benches (sourced): $work and $runs are the
# caller's, and so is `workload`, which runs the measured loop and prints
# nanoseconds per call.

# The median of numbers on stdin, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# run_under READY-REGEX TRACER...: $runs times, start the tracer, wait
# until its output matches READY-REGEX (it is attached), run the workload,
# stop the tracer; prints the median ns per call.
run_under() {
	_re=$1
	shift
	for _i in $(seq "$runs"); do
		"$@" >"$work/out" 2>&1 &
		_tp=$!
		until grep -Eq "$_re" "$work/out"; do sleep 0.01; done
		workload
		kill -INT "$_tp"
		wait "$_tp" || true
	done | median
}
