# execsnoop shows a unique command line with its PID, PPID, RET and every
# argument; -x adds failures; -P filters by parent.
. "$TESTLIB"

tag="bpfkit-exec-$$"
for off in "" tracepoints; do
export BPFKIT_DISABLE="$off"
start_tool execsnoop -x
# BCC's header since 0.31 (COMM, with -M adding the parent's PCOMM).
wait_for "$T/execsnoop.out" '^COMM             PID     PPID    RET ARGS$'
sh -c 'echo $$ >"$1"; exec /bin/echo "$2" two "three four"' sh "$T/child.pid" "$tag" >/dev/null
child=$(cat "$T/child.pid")
parent=$$
# A failing exec: ENOENT (-2).
sh -c "exec /nonexistent/$tag-missing arg" 2>/dev/null
wait_for "$T/execsnoop.out" "$tag-missing"
stop_tool
expect_grep "^echo +$child +[0-9]+ +0 /bin/echo $tag two three four\$" "$T/execsnoop.out"
line=$(grep "/bin/echo $tag" "$T/execsnoop.out")
ppid=$(echo "$line" | awk '{print $3}')
# The shell that exec'd /bin/echo was started by this test shell.
[ "$ppid" = "$parent" ] || fail "PPID $ppid, expected $parent"
expect_grep "^sh +[0-9]+ +[0-9]+ +-2 /nonexistent/$tag-missing arg\$" "$T/execsnoop.out"
echo "ok: execs seen (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# Without -x failures are hidden; -P keeps only children of the given parent.
start_tool execsnoop -P $$ -q
wait_for "$T/execsnoop.out" 'ARGS$'
sh -c "exec /nonexistent/$tag-hidden" 2>/dev/null
/bin/echo "$tag-mine" >/dev/null
/bin/true "$tag-last"
wait_for "$T/execsnoop.out" "$tag-last"
stop_tool
expect_grep "\"/bin/echo\" \"$tag-mine\"" "$T/execsnoop.out"
expect_no_grep " -2 " "$T/execsnoop.out"

# -q with --max-args: BCC sends its "..." marker as one more argument, so
# -q quotes it too; -l matches the arguments before they are quoted.
start_tool execsnoop -P $$ -q --max-args 2 -l "^/bin/true $tag-trunc"
wait_for "$T/execsnoop.out" 'ARGS$'
/bin/true "$tag-trunc" three four
/bin/true "$tag-trunc"
/bin/true "$tag-other"
wait_for "$T/execsnoop.out" "^true +[0-9]+ +$$ +0 \"/bin/true\" \"$tag-trunc\"\$"
stop_tool
expect_grep "^true +[0-9]+ +$$ +0 \"/bin/true\" \"$tag-trunc\" \"\.\.\.\"\$" "$T/execsnoop.out"
expect_no_grep "$tag-other" "$T/execsnoop.out"
echo "ok: -q quotes the truncation marker; -l sees unquoted arguments"

# -j: JSON objects on stdout (the header on stderr), arguments as one string.
start_tool execsnoop -j -P $$
wait_for "$T/execsnoop.err" 'ARGS$'
/bin/echo "$tag-json" "a \"b\"" >/dev/null
wait_for "$T/execsnoop.out" "$tag-json"
stop_tool
expect_grep "^\{\"comm\": \"echo\", \"pid\": [0-9]+, \"ppid\": $$, \"ret\": 0, \"args\": \"/bin/echo $tag-json a \\\\\"b\\\\\"\"\}\$" "$T/execsnoop.out"
echo "ok: -j"
echo PASS
