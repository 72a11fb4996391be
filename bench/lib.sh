# Shared by the per-event cost benches (sourced by a script taking
# [BPFKIT] [N] [RUNS]): sets $here, $bpfkit, $n, $runs and a scratch $work.
# The caller defines `workload`, which runs the measured loop and prints
# nanoseconds per call.
here=$(cd "$(dirname "$0")" && pwd)
bpfkit=${1:-$here/../build/bpfkit}
n=${2:-2000000}
runs=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# handwritten NAME: bench/handwritten/NAME.bpf.c built like bpfkit's own
# probes, into $work/NAME.bpf.o; "$work/load" $work/NAME.bpf.o [PREFIX]
# runs it.
cc -O2 -o "$work/load" "$here/handwritten/load.c" -lbpf
handwritten() {
	clang -g -O2 -target bpf -D__TARGET_ARCH_x86 -I"$here/../probes" -I"$here/../probes/lib" -c "$here/handwritten/$1.bpf.c" \
		-o "$work/$1.bpf.o"
}

# The median ns per call of the workload, untraced.
untraced() { for _i in $(seq "$runs"); do workload; done | median; }

# The workload: sysloop (bench/sysloop.c) in $work.
cc -O2 -o "$work/sysloop" "$here/sysloop.c"

# The median of numbers on stdin, one per line.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# start_ready READY-REGEX TRACER...: the tracer started, its output in
# $work/out, and waited for until that matches READY-REGEX (it is
# attached); its PID in $_tp.
start_ready() {
	_re=$1
	shift
	: >"$work/out" # before the tracer's own redirection, which may come later
	"$@" >"$work/out" 2>&1 &
	_tp=$!
	until grep -Eq "$_re" "$work/out"; do
		kill -0 "$_tp" 2>/dev/null || { echo "bench: $1 ended before it was ready: $(cat "$work/out")" >&2; exit 1; }
		sleep 0.01
	done
}

# run_under READY-REGEX TRACER...: $runs times, start the tracer and wait
# until it is attached, run the workload, stop the tracer; prints the
# median ns per call.
run_under() {
	for _i in $(seq "$runs"); do
		start_ready "$@"
		workload
		kill -INT "$_tp"
		wait "$_tp" || true
	done | median
}
