# Shared by the per-event cost benches (sourced): $here, $work and $runs are
# the caller's, and so is `workload`, which runs the measured loop and prints
# nanoseconds per call.

# handwritten NAME: bench/handwritten/NAME.bpf.c and its loader NAME.c
# built like bpfkit's own probes, into $work/NAME.
handwritten() {
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$here/../probes" -c "$here/handwritten/$1.bpf.c" \
		-o "$work/$1.bpf.o"
	bpftool gen skeleton "$work/$1.bpf.o" name "$1_bpf" >"$work/$1.skel.h"
	cc -O2 -I"$work" -o "$work/$1" "$here/handwritten/$1.c" -lbpf -lelf -lz
}

# The workload: sysloop (bench/sysloop.c) in $work.
cc -O2 -o "$work/sysloop" "$here/sysloop.c"

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
		until grep -Eq "$_re" "$work/out"; do
			kill -0 "$_tp" 2>/dev/null || { echo "bench: $1 ended before it was ready: $(cat "$work/out")" >&2; exit 1; }
			sleep 0.01
		done
		workload
		kill -INT "$_tp"
		wait "$_tp" || true
	done | median
}
