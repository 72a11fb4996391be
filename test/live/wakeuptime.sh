# wakeuptime shows who woke a blocked task (the waker's comm and kernel
# stack through the pipe write) and how long the task was blocked.
. "$TESTLIB"

gated_start "$TESTBIN/waker" 4 50
start_tool wakeuptime
wait_for "$T/wakeuptime.out" '^Tracing blocked time \(us\) by kernel stack\.\.\. Hit Ctrl-C to end\.$'
poke
wait "$PROG_PID"
stop_tool
# Blocks of bk_sleeper woken by bk_waker through pipe_write: sum them.
awk '/^    target: +bk_sleeper$/ { s = 1; pw = 0; next } s && /pipe_write/ { pw = 1 }
     s && /^    waker: +bk_waker$/ { w = 1; next } s && /^        [0-9]+$/ { if (w && pw) t += $1; s = w = 0 }
     END { print t + 0 }' "$T/wakeuptime.out" >"$T/total"
us=$(cat "$T/total")
# 4 x 50 ms (the first block starts a little before the first write).
[ "$us" -ge 190000 ] && [ "$us" -le 400000 ] || fail "bk_sleeper blocked $us us by bk_waker, expected about 200000"
echo "ok: woken by bk_waker after $us us in total"

gated_start "$TESTBIN/waker" 2 20
start_tool wakeuptime -f
wait_for "$T/wakeuptime.err" '^Tracing blocked time'
poke
wait "$PROG_PID"
stop_tool
expect_grep '^bk_waker;.*pipe_write.*;bk_sleeper [0-9]+$' "$T/wakeuptime.out"
echo PASS
