# Helpers for the language tools' live tests (test/live/u*.sh), sourced
# after lib.sh: the real runtimes Debian ships, each started gated on stdin
# by gated_start and waited for until it says "ready" (its start-up done).
PROGS_SRC=$(cd "$(dirname "$TESTLIB")/../progs" && pwd)
JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
PYTHON311=/usr/bin/python3.11

# java_start CALLS GCS THREADS OBJECTS: test/progs/LangWork.java, compiled
# into $T, on a JVM with the method and allocation probes on.
java_start() {
	[ -x "$JAVA_HOME/bin/javac" ] || fail "no OpenJDK at $JAVA_HOME"
	[ -f "$T/LangWork.class" ] || "$JAVA_HOME/bin/javac" -d "$T" "$PROGS_SRC/LangWork.java" || fail "javac"
	TOOL_PID=""
	gated_start "$JAVA_HOME/bin/java" -XX:+ExtendedDTraceProbes -cp "$T" LangWork "$@"
	wait_for "$T/prog.out" '^ready$' 60
}

# python_start CALLS GCS: test/progs/langwork.py on Debian's python3.11,
# which has the USDT probes (a pyenv python on PATH may not).
python_start() {
	[ -x "$PYTHON311" ] || fail "no $PYTHON311"
	TOOL_PID=""
	gated_start "$PYTHON311" "$PROGS_SRC/langwork.py" "$@"
	wait_for "$T/prog.out" '^ready$' 30
}

# lang_finish: the workload's second line, then its end.
lang_finish() {
	poke
	wait "$PROG_PID"
}

# expect_no_probes NAME TOOL ARGS... -- PROG ARGS...: a runtime built
# without USDT probes, blocked on stdin, is refused in one line that says so
# and how such a runtime is built (its own words: "configured with").
expect_no_probes() {
	_name=$1 _tool=$2
	shift 2
	_args=""
	while [ "$1" != -- ]; do _args="$_args $1"; shift; done
	shift
	TOOL_PID=""
	gated_start "$@"
	# shellcheck disable=SC2086
	expect_bad_input "$_name without probes" "$BPFKIT" "$_tool" $_args "$PROG_PID"
	grep -q 'has no USDT probes: it was built without them (.* configured with .* has them)$' "$T/bad.err" ||
		fail "$_name: $(cat "$T/bad.err")"
	kill "$PROG_PID"
	wait "$PROG_PID" 2>/dev/null
}

# expect_line FILE LINE: FILE holds LINE exactly.
expect_line() {
	grep -Fxq -- "$2" "$1" || fail "expected the line '$2' in $1"
}
