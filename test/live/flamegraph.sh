# bpfkit's own SVG flame graphs open in headless Chromium, which lays out
# every frame with its function name and count.
# vm: skip (no browser in the guest; the host tier renders the SVG)
. "$TESTLIB"

command -v chromium >/dev/null || fail "chromium is needed (packaging/deps.sh installs it)"
printf 'main;parse_request;read_header 30\nmain;handle_request;compute_digest 60\nmain;idle 10\n' |
	"$BPFKIT" flamegraph -t 'bpfkit test graph' >"$T/fg.svg" || fail "flamegraph"
chromium_run() {
	_profile=$1
	shift
	timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$T/chromium-$_profile" "$@" 2>/dev/null
}
chromium_run dom --dump-dom "file://$T/fg.svg" >"$T/dom.out" || fail "chromium could not load the SVG"
for f in main parse_request read_header handle_request compute_digest idle; do
	expect_grep ">$f<" "$T/dom.out"
done
expect_grep '<title>compute_digest \(60 samples, 60.00%\)</title>' "$T/dom.out"
chromium_run shot --window-size=1200,200 --screenshot="$T/fg.png" "file://$T/fg.svg" >/dev/null
[ -s "$T/fg.png" ] || fail "no screenshot"

# A flame graph stackcount draws from a live uprobe opens the same way.
gated_start "$TESTBIN/twopaths" 30 50
start_tool stackcount -p "$PROG_PID" --flamegraph "$T/stacks.svg" "$TESTBIN/twopaths:leaf"
wait_for "$T/stackcount.out" '^Tracing 1 functions'
poke
wait "$PROG_PID"
stop_tool
chromium_run dom2 --dump-dom "file://$T/stacks.svg" >"$T/dom2.out" || fail "chromium could not load stackcount's SVG"
for f in main path_a path_b middle leaf; do
	expect_grep ">$f<" "$T/dom2.out"
done
expect_grep '<title>path_b \(50 samples' "$T/dom2.out"
echo PASS
