# ttysnoop: a program writes known text to a pseudo-terminal's slave side
# (one line, 600 bytes in one write, one line); ttysnoop on that pts shows
# exactly that text, with the defaults and as JSON; -c 2 keeps 512 bytes of
# the long write.  Without fentry, by kprobe, the same.
. "$TESTLIB"
[ -d /dev/pts ] || mkdir /dev/pts
grep -q ' /dev/pts devpts ' /proc/mounts || mount -t devpts -o ptmxmode=666 devpts /dev/pts || fail "cannot mount devpts"
[ -e /dev/ptmx ] || ln -s pts/ptmx /dev/ptmx

big=$(awk 'BEGIN { for (i = 0; i < 599; i++) printf "%c", 97 + i % 26; print "" }')
run() { # ARGS...
	gated_ready "$TESTBIN/ptywriter"
	pts=$(sed -n 's/^pts //p' "$T/prog.out")
	start_tool ttysnoop -C "$@" "$pts"
	wait_for "$T/ttysnoop.err" "^Tracing output to /dev/pts/$pts\.\.\. Hit Ctrl-C to end\.\$" 60
	poke
	wait_for "$T/prog.out" '^done$'
	wait "$PROG_PID"
	wait_for "$T/ttysnoop.out" '^bye$'
	stop_tool
}

{ echo "hello from ptywriter"; echo "$big"; echo bye; } >"$T/want"
run
cmp "$T/want" "$T/ttysnoop.out" || fail "ttysnoop's output differs from what was written: $(od -c "$T/ttysnoop.out" | head)"
echo "ok: the text written to /dev/pts/$pts, exactly"

gated_ready "$TESTBIN/ptywriter"
pts=$(sed -n 's/^pts //p' "$T/prog.out")
start_tool ttysnoop -C -c 2 "$pts"
wait_for "$T/ttysnoop.err" '^Tracing output' 60
poke
wait_for "$T/prog.out" '^done$'
wait "$PROG_PID"
wait_for "$T/ttysnoop.out" 'bye$'
stop_tool
{ echo "hello from ptywriter"; printf '%s' "$big" | head -c 512; echo bye; } >"$T/want2"
cmp "$T/want2" "$T/ttysnoop.out" || fail "-c 2: $(od -c "$T/ttysnoop.out" | tail -5)"
echo "ok: -c 2 keeps 512 bytes of the 600-byte write"

gated_ready "$TESTBIN/ptywriter"
pts=$(sed -n 's/^pts //p' "$T/prog.out")
start_tool ttysnoop -j "$pts"
wait_for "$T/ttysnoop.err" '^Tracing output' 60
poke
wait_for "$T/prog.out" '^done$'
wait "$PROG_PID"
wait_for "$T/ttysnoop.out" '"data": *"bye\\n"'
stop_tool
[ "$(wc -l <"$T/ttysnoop.out")" -eq 5 ] || fail "-j: expected 5 records (21, 256, 256, 88, 4 bytes): $(cat "$T/ttysnoop.out")"
expect_grep '^\{"count": *21, *"data": *"hello from ptywriter\\n"\}$' "$T/ttysnoop.out"
expect_grep '^\{"count": *88,' "$T/ttysnoop.out"
echo "ok: -j gives one object per record"

export BPFKIT_DISABLE=fentry
gated_ready "$TESTBIN/ptywriter"
pts=$(sed -n 's/^pts //p' "$T/prog.out")
start_tool ttysnoop -C "$pts"
wait_for "$T/ttysnoop.err" '^Tracing output' 60
poke
wait_for "$T/prog.out" '^done$'
wait "$PROG_PID"
wait_for "$T/ttysnoop.out" '^bye$'
stop_tool
unset BPFKIT_DISABLE
cmp "$T/want" "$T/ttysnoop.out" || fail "kprobe: output differs"
echo "ok: the same by kprobe"
echo PASS
