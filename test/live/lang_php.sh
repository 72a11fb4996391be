# The language tools on Debian's php8.2 (package php8.2-cli), whose USDT
# probes are in the executable and fire only with USE_ZEND_DTRACE=1 in its
# environment: phpcalls counts exactly the calls test/progs/langwork.php
# makes of its methods and of its plain function (no class: ".lw_target",
# as BCC prints it), ucalls -L (the language found) times them; phpflow
# shows the outer -> inner -> target nesting exactly; phpgc does not exist
# (BCC's ugc has no PHP).
# vm: skip (the guests have no php8.2)
. "$TESTLIB"
. "$(dirname "$TESTLIB")/../progs/lang.sh"
PHP82=/usr/bin/php8.2
USE_ZEND_DTRACE=1
export USE_ZEND_DTRACE

# php_start CALLS: the workload, gated, started up.
php_start() {
	[ -x "$PHP82" ] || fail "no $PHP82 (apt-get install php8.2-cli)"
	TOOL_PID=""
	gated_start "$PHP82" "$PROGS_SRC/langwork.php" "$@"
	wait_for "$T/prog.out" '^ready$' 30
}

php_start 100
start_tool phpcalls -v "$PROG_PID"
wait_for "$T/phpcalls.out" "^Tracing calls in process $PROG_PID \(language: php\)\.\.\. Ctrl-C to quit\.$"
expect_grep '^USDT php:function__entry in /usr/bin/php8\.2 at 0x[0-9a-f]+, semaphore at 0x[0-9a-f]+, 5 arguments -> php_entry_usdt$' "$T/phpcalls.out"
expect_line "$T/phpcalls.out" "If you do not see any results, make sure the environment variable USE_ZEND_DTRACE is set to 1"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
for m in Work.outer Work.inner Work.target .lw_target; do
	expect_line "$T/phpcalls.out" "$(printf '%-50s %8d' "$m" 100)"
done
rows=$(sed -n '/^METHOD/,$p' "$T/phpcalls.out" | tail -n +2 | grep -c .)
[ "$rows" -eq 4 ] || fail "$rows rows of the script's 4"
echo "ok: phpcalls: 100 calls each of Work::outer, inner, target and lw_target"

php_start 100
start_tool ucalls -L "$PROG_PID"
wait_for "$T/ucalls.out" "^Tracing calls in process $PROG_PID \(language: php\)"
poke
wait_for "$T/prog.out" '^done$'
stop_tool
lang_finish
expect_line "$T/ucalls.out" "$(printf '%-50s %8s %8s' METHOD '# CALLS' 'TIME (us)')"
expect_grep "^$(printf '%-50s %8d' Work.target 100) +[0-9]+\.[0-9]{2}\$" "$T/ucalls.out"
echo "ok: ucalls -L, php detected"

php_start 5
start_tool phpflow "$PROG_PID"
wait_for "$T/phpflow.out" '^CPU +PID +TID +TIME\(us\) +METHOD$'
expect_line "$T/phpflow.out" "Tracing method calls in php process $PROG_PID... Ctrl-C to quit."
poke
wait_for "$T/prog.out" '^done$'
wait_for_lines "$T/phpflow.out" '<- \.lw_target$' 5
stop_tool
lang_finish
grep -E "^[0-9]+ +$PROG_PID +$PROG_PID +[0-9]+\.[0-9]{3} +(->|<-|  )" "$T/phpflow.out" | sed -E 's/^([^ ]+ +){3}//' | cut -c10- >"$T/flow"
for i in 1 2 3 4 5; do
	for d in "-> Work.outer" "  -> Work.inner" "    -> Work.target" "    <- Work.target" "  <- Work.inner" "<- Work.outer" "-> .lw_target" "<- .lw_target"; do
		echo "$d"
	done
done >"$T/want"
cmp -s "$T/flow" "$T/want" || fail "phpflow: $(diff "$T/want" "$T/flow")"
echo "ok: phpflow: 5 calls outer -> inner -> target, then lw_target"

php_start 1
expect_bad_input "php has no GC probes" "$BPFKIT" ugc -l php "$PROG_PID"
grep -qx "ugc: unknown language 'php' (this tool knows java, node, python, ruby)" "$T/bad.err" || fail "$(cat "$T/bad.err")"
kill "$PROG_PID"
echo PASS
