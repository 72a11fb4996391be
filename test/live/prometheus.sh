# --prometheus, scraped by a real Prometheus (Debian's, started here on
# 127.0.0.1 with a 1 s scrape interval): syscount's counter for the getpid
# calls of a program that makes exactly 4321 of them reads 4321 through
# Prometheus' query API; a runqlat histogram gives a finite median with
# histogram_quantile; promtool finds nothing wrong in either scrape.  Then
# the endpoint itself: a port in use is one line and exit 1; a client that
# sends half a request gets 408 after the read time-out while another
# scrape is answered and tracing goes on; malformed requests are 400,
# unknown paths 404, other methods 405, oversized requests 431.
# vm: skip (no prometheus in the guests)
. "$TESTLIB"

command -v prometheus >/dev/null || fail "prometheus not found: packaging/deps.sh installs it"
command -v promtool >/dev/null || fail "promtool not found: packaging/deps.sh installs prometheus"
PY=/usr/bin/python3

# A free port on 127.0.0.1, for Prometheus' own (its config cannot say 0).
free_port() {
	"$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# The port a tool printed in its ready line.
# query EXPR: the value of Prometheus' instant query, "none" when empty.
query() {
	"$PY" - "http://127.0.0.1:$PROM_PORT/api/v1/query" "$1" <<'EOF'
import json, sys, urllib.parse, urllib.request
url = sys.argv[1] + "?" + urllib.parse.urlencode({"query": sys.argv[2]})
with urllib.request.urlopen(url, timeout=5) as r:
    res = json.load(r)["data"]["result"]
print(res[0]["value"][1] if res else "none")
EOF
}
# status METHOD PATH [EXTRA]: the status code for a raw request, or "closed".
raw_status() {
	"$PY" - "$PORT" "$1" <<'EOF'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1"))
data = b""
while True:
    try:
        b = s.recv(65536)
    except ConnectionResetError:
        break
    if not b:
        break
    data += b
print(data.split(b" ")[1].decode() if data.startswith(b"HTTP/1.1 ") else "closed")
EOF
}

# The tools first, on ports they pick: syscount for one process, runqlat.
gated_start "$TESTBIN/getpids" 4321
start_tool syscount -p "$PROG_PID" --prometheus 127.0.0.1:0
SYSCOUNT_PID=$TOOL_PID
wait_for "$T/syscount.out" '^Serving metrics on http://127\.0\.0\.1:[0-9]+/metrics\.\.\. Hit Ctrl-C to end\.$'
PORT=$(metrics_port "$T/syscount.out")
: >"$T/runqlat.out"
"$BPFKIT" runqlat --prometheus 127.0.0.1:0 >"$T/runqlat.out" 2>"$T/runqlat.err" &
RUNQLAT_PID=$!
BG_PIDS="$BG_PIDS $RUNQLAT_PID"
TOOL_PID=$RUNQLAT_PID wait_for "$T/runqlat.out" '^Serving metrics on http://127\.0\.0\.1:[0-9]+/metrics'
RQ_PORT=$(metrics_port "$T/runqlat.out")

PROM_PORT=$(free_port)
cat >"$T/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: syscount
    static_configs: [{ targets: ['127.0.0.1:$PORT'] }]
  - job_name: runqlat
    static_configs: [{ targets: ['127.0.0.1:$RQ_PORT'] }]
EOF
prometheus --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$T/prometheus.err" 2>&1 &
PROM_PID=$!
stop_prometheus() {
	kill "$PROM_PID" 2>/dev/null
	wait "$PROM_PID" 2>/dev/null
}
at_exit stop_prometheus
deadline=$(( $(date +%s) + 30 ))
until curl -sf "http://127.0.0.1:$PROM_PORT/-/ready" >/dev/null; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "prometheus not ready in 30 s: $(tail -3 "$T/prometheus.err")"
	alive "$PROM_PID" || fail "prometheus exited: $(tail -5 "$T/prometheus.err")"
	sleep 0.2
done
echo "ok: prometheus ready on 127.0.0.1:$PROM_PORT, scraping syscount on $PORT and runqlat on $RQ_PORT"

# The workload; the counter only grows, so the first scrape after the
# program ended says 4321 and every later one too.
poke
wait "$PROG_PID"
deadline=$(( $(date +%s) + 30 ))
getpids='bpfkit_syscount_syscalls_total{job="syscount",syscall="getpid"}'
until [ "$(query "$getpids")" = 4321 ]; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "Prometheus says $getpids is $(query "$getpids"), not 4321"
	sleep 0.5
done
echo "ok: Prometheus' query API: $getpids = 4321"

median='histogram_quantile(0.5, sum by (le) (bpfkit_runqlat_run_queue_latency_seconds_bucket))'
deadline=$(( $(date +%s) + 30 ))
until v=$(query "$median") && "$PY" -c 'import math, sys; v = float(sys.argv[1]); sys.exit(not (math.isfinite(v) and v > 0))' "$v" 2>/dev/null; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "$median is '$v', not a finite number"
	sleep 0.5
done
echo "ok: runqlat's median run queue latency through Prometheus: $v s"
stop_prometheus
kill -INT "$RUNQLAT_PID"
wait "$RUNQLAT_PID" || fail "runqlat --prometheus exited with $? after SIGINT"

# promtool on both formats of a scrape of syscount.
curl -sf "http://127.0.0.1:$PORT/metrics" >"$T/scrape.txt" || fail "no scrape"
promtool check metrics <"$T/scrape.txt" >"$T/promtool.err" 2>&1 || fail "promtool: $(cat "$T/promtool.err")"
[ ! -s "$T/promtool.err" ] || fail "promtool check metrics: $(cat "$T/promtool.err")"
expect_grep '^bpfkit_syscount_syscalls_total\{syscall="getpid"\} 4321$' "$T/scrape.txt"
expect_grep '^# TYPE bpfkit_syscount_syscalls_total counter$' "$T/scrape.txt"
curl -sf -H 'Accept: application/openmetrics-text; version=1.0.0' -D "$T/om.headers" \
	"http://127.0.0.1:$PORT/metrics" >"$T/scrape.om" || fail "no OpenMetrics scrape"
expect_grep '^Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8' "$T/om.headers"
expect_grep '^# TYPE bpfkit_syscount_syscalls counter$' "$T/scrape.om"
[ "$(tail -n 1 "$T/scrape.om")" = "# EOF" ] || fail "the OpenMetrics scrape does not end in # EOF"
echo "ok: promtool check metrics: no problems; OpenMetrics on request"

# Nothing else may take the port; the second tool says so in one line.
"$BPFKIT" syscount --prometheus "127.0.0.1:$PORT" >"$T/taken.out" 2>"$T/taken.err"
rc=$?
[ "$rc" -eq 1 ] || fail "a second syscount on port $PORT exited with $rc, not 1"
[ "$(wc -l <"$T/taken.err")" -eq 1 ] || fail "more than one line for a port in use: $(cat "$T/taken.err")"
expect_grep "^syscount: --prometheus '127\.0\.0\.1:$PORT': cannot listen there: Address already in use$" "$T/taken.err"
echo "ok: a port in use: one line, exit 1"

# A slow client: half a request, then nothing.  Meanwhile tracing goes on
# (a second workload is counted) and another scrape is answered.
"$PY" - "$PORT" >"$T/slow.out" 2>&1 <<'EOF' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=30)
s.sendall(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n")
start = time.monotonic()
print("sent", flush=True)
data = b""
while True:
    b = s.recv(4096)
    if not b:
        break
    data += b
print("done %s %.1f" % (data.split(b" ")[1].decode() if data else "closed", time.monotonic() - start), flush=True)
EOF
SLOW_PID=$!
BG_PIDS="$BG_PIDS $SLOW_PID"
wait_for "$T/slow.out" '^sent$'
gated_start "$TESTBIN/getpids" 777
# syscount counts -p's process only: a second one of its own for this.
start_tool syscount -p "$PROG_PID" --prometheus 127.0.0.1:0
SECOND_PID=$TOOL_PID
wait_for "$T/syscount.out" '^Serving metrics on'
PORT2=$(metrics_port "$T/syscount.out")
poke
wait "$PROG_PID"
curl -sf "http://127.0.0.1:$PORT2/metrics" >"$T/scrape2.txt" || fail "no scrape of the second syscount"
expect_grep '^bpfkit_syscount_syscalls_total\{syscall="getpid"\} 777$' "$T/scrape2.txt"
curl -sf "http://127.0.0.1:$PORT/metrics" >"$T/scrape3.txt" || fail "no scrape while a slow client holds a connection"
expect_grep '^bpfkit_syscount_syscalls_total\{syscall="getpid"\} 4321$' "$T/scrape3.txt"
grep -q '^done' "$T/slow.out" && fail "the slow client was answered before its time-out: $(cat "$T/slow.out")"
wait_for "$T/slow.out" '^done' 15
read -r _ code secs <<EOF
$(grep '^done' "$T/slow.out")
EOF
[ "$code" = 408 ] || fail "the slow client got '$code', not 408"
"$PY" -c 'import sys; sys.exit(not 4.5 <= float(sys.argv[1]) <= 8)' "$secs" || fail "the slow client was dropped after $secs s, not 5"
echo "ok: a slow client: 408 after $secs s, while scrapes were answered and tracing went on"
TOOL_PID=$SECOND_PID
stop_tool

# Requests the endpoint refuses.
TOOL_PID=$SYSCOUNT_PID
check_status() {
	got=$(raw_status "$1")
	[ "$got" = "$2" ] || fail "request '$1': got $got, not $2"
}
check_status 'GARBAGE\r\n\r\n' 400
check_status 'GET metrics HTTP/1.1\r\n\r\n' 400
check_status 'GET /metrics HTTP/9\r\n\r\n' 400
check_status 'GET /metrics HTTP/1.1\r\nno colon here\r\n\r\n' 400
check_status 'GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n' 404
check_status 'POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n' 405
check_status 'HEAD /metrics HTTP/1.1\r\n\r\n' 200
check_status "GET /metrics HTTP/1.1\\r\\nX-Big: $(head -c 9000 /dev/zero | tr '\0' a)\\r\\n\\r\\n" 431
curl -sfI "http://127.0.0.1:$PORT/metrics" >"$T/head.txt" || fail "HEAD failed"
expect_grep '^Connection: close' "$T/head.txt"
curl -sf "http://127.0.0.1:$PORT/metrics" | grep -q '^bpfkit_syscount_syscalls_total{syscall="getpid"} 4321$' ||
	fail "the counter changed after the refused requests"
echo "ok: 400, 404, 405, 431 and HEAD as they should be"
stop_tool

# funclatency's histograms, by function: 5 naps of 20 ms in the slot that
# holds 20 ms (nanoseconds, BCC's default unit: 2^24..2^25 ns).
start_tool funclatency --prometheus 127.0.0.1:0 "$TESTBIN/functimer:nap"
wait_for "$T/funclatency.out" '^Serving metrics on'
FL_PORT=$(metrics_port "$T/funclatency.out")
"$TESTBIN/functimer" nap:5:20 </dev/null >/dev/null || fail "functimer"
scrape_until "$FL_PORT" "$T/fl.txt" 10 '_count{func="nap"[^}]*} 5$'
expect_grep '^bpfkit_funclatency_latency_seconds_bucket\{func="nap",pid="[0-9]+",le="0\.016777216"\} 0$' "$T/fl.txt"
expect_grep '^bpfkit_funclatency_latency_seconds_bucket\{func="nap",pid="[0-9]+",le="0\.033554432"\} 5$' "$T/fl.txt"
stop_tool
echo "ok: funclatency: 5 naps of 20 ms in the 16.8-33.6 ms bucket"

# pidpersec's per-second counts, summed into a counter: exactly the 50
# children the forker makes.
gated_start "$TESTBIN/forker" 50
start_tool pidpersec -p "$PROG_PID" --prometheus 127.0.0.1:0
wait_for "$T/pidpersec.out" '^Serving metrics on'
PP_PORT=$(metrics_port "$T/pidpersec.out")
poke
wait "$PROG_PID"
scrape_until "$PP_PORT" "$T/pp.txt" 10 '^bpfkit_pidpersec_tasks_created_total 50$'
expect_line "$T/pp.txt" "# TYPE bpfkit_pidpersec_tasks_created counter"
stop_tool
echo "ok: pidpersec: 50 tasks created"
echo "ok: prometheus"
