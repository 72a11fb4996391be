# Bad input: one clear line, exit != 0, nothing left attached.  kill -9
# leaves no program or link behind.
. "$TESTLIB"

before=$(bpftool prog show 2>/dev/null | grep -c 'name ' || true)
expect_bad_input "unknown tool" "$BPFKIT" nosuchtool
expect_bad_input "-p notanumber" "$BPFKIT" syscount -p notanumber
expect_bad_input "PID that does not exist" "$BPFKIT" opensnoop -p 999999999
expect_bad_input "PID that does not exist (2)" "$BPFKIT" syscount -p 4194303
expect_bad_input "negative interval" "$BPFKIT" runqlat -1 1
expect_bad_input "negative interval -i" "$BPFKIT" syscount -i -5
expect_bad_input "zero interval" "$BPFKIT" runqlat 0 1
expect_bad_input "bad count" "$BPFKIT" runqlat 1 x
expect_bad_input "bad errno" "$BPFKIT" syscount -e ENOTHING
expect_bad_input "bad syscall" "$BPFKIT" syscount --syscall nosuchcall
expect_bad_input "bad flag" "$BPFKIT" opensnoop -f O_BOGUS
expect_bad_input "bad regex" "$BPFKIT" execsnoop -n '('
expect_bad_input "bad user" "$BPFKIT" execsnoop -u no-such-user-xyz
expect_bad_input "extra argument" "$BPFKIT" execsnoop extra
expect_bad_input "unknown tool via help" "$BPFKIT" help nosuchtool
expect_bad_input "list with an argument" "$BPFKIT" list extra
expect_bad_input "features with an argument" "$BPFKIT" features extra
# An unknown option is bad usage: exit 2, as bpfkit(8) says (argp's own
# code is 64).
for cmd in list features execsnoop; do
	"$BPFKIT" $cmd --bogus >/dev/null 2>&1
	rc=$?
	[ "$rc" -eq 2 ] || fail "$cmd --bogus: exit status $rc, expected 2"
done
expect_bad_input "empty item in a signal list" "$BPFKIT" killsnoop -s 9,,15
expect_bad_input "trailing comma in a signal list" "$BPFKIT" killsnoop -s 9,
expect_bad_input "empty signal list" "$BPFKIT" sigsnoop -s ''
expect_bad_input "target PID that does not exist" "$BPFKIT" killsnoop -T 999999999
expect_grep 'no process with target PID 999999999' "$T/bad.err"
# A 100 KB unknown option is not echoed whole.
long=$(head -c 100000 /dev/zero | tr '\0' x)
expect_bad_input "100 KB option" "$BPFKIT" execsnoop --"$long"
[ "$(wc -c <"$T/bad.err")" -lt 200 ] || fail "100 KB option echoed: $(wc -c <"$T/bad.err") bytes"
# More PIDs than the filter holds: one line, not argp's "(PROGRAM ERROR)".
many=$(for i in $(seq 65); do printf '1,'; done)
expect_bad_input "65 PIDs" "$BPFKIT" profile -p "${many%,}"
expect_grep 'too many PIDs \(at most 64\)' "$T/bad.err"
expect_bad_input "empty item in a PID list" "$BPFKIT" offcputime -p 1,,1
# sym refuses what is not an ELF file, and skips a bad address on standard
# input instead of stopping there (as eu-addr2line does), exit 1 at the end.
expect_bad_input "sym -e on a non-ELF file" "$BPFKIT" sym -e /etc/passwd 0x10
expect_grep 'not an ELF file' "$T/bad.err"
printf '0x1\nzz\n0x2\n' | "$BPFKIT" sym -e "$TESTBIN/getpids" >"$T/sym.out" 2>"$T/sym.err" && fail "sym: exit 0 after a bad address"
[ "$(grep -c '^??:0$' "$T/sym.out")" -eq 2 ] || fail "sym stopped at the bad address: $(cat "$T/sym.out")"
[ "$(wc -l <"$T/sym.err")" -eq 1 ] || fail "sym: one line per bad address expected"
echo "ok: sym goes on after a bad address"
# Regexes nested ~20,000 deep overflowed glibc's regcomp (SIGSEGV): every
# option that takes one bounds length and nesting first.
deep=$(awk 'BEGIN { for (i = 0; i < 20000; i++) printf "("; printf "a"; for (i = 0; i < 20000; i++) printf ")" }')
deep100=$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "("; printf "a"; for (i = 0; i < 100; i++) printf ")" }')
expect_bad_input "execsnoop -n nested 20,000 deep" "$BPFKIT" execsnoop -n "$deep"
expect_bad_input "execsnoop -l nested 100 deep" "$BPFKIT" execsnoop -l "$deep100"
expect_grep 'nested too deep' "$T/bad.err"
expect_bad_input "funccount -r nested 100 deep" "$BPFKIT" funccount -r "$deep100"
expect_bad_input "stackcount -r nested 20,000 deep" "$BPFKIT" stackcount -r "$deep"
# A CPU the machine does not have (or that is offline): a filter on it
# counted nothing, exit 0.  The first number past the possible CPUs, and 999.
possible=$(sed 's/.*[-,]//' /sys/devices/system/cpu/possible)
possible=$((possible + 1))
for cpu in 999 "$possible"; do
	expect_bad_input "funccount -c $cpu" "$BPFKIT" funccount -d 1 -c "$cpu" t:sched:sched_switch
	expect_grep "invalid CPU $cpu: not an online CPU of this machine \(online CPUs: [0-9,-]+\)" "$T/bad.err"
	expect_bad_input "stackcount -c $cpu" "$BPFKIT" stackcount -D 1 -c "$cpu" t:sched:sched_switch
	expect_bad_input "profile -C $cpu" "$BPFKIT" profile -C "$cpu" 1
	expect_bad_input "softirqs -c $cpu" "$BPFKIT" softirqs -c "$cpu" 1 1
	expect_bad_input "hardirqs -c $cpu" "$BPFKIT" hardirqs -c "$cpu" 1 1
done
expect_bad_input "funccount -c x" "$BPFKIT" funccount -d 1 -c x t:sched:sched_switch
expect_grep "invalid CPU 'x': expected a CPU number" "$T/bad.err"
# A kernel lacking a mechanism: forcing every path of runqlat off, and
# filelife (fentry or kprobes) where neither is there.
BPFKIT_DISABLE=fentry,kprobes expect_bad_input "no fentry, no kprobes" "$BPFKIT" filelife
grep -q 'cannot trace file creation: fentry security_inode_create needs fentry' "$T/bad.err" || fail "filelife message"
BPFKIT_DISABLE=tp_btf,raw_tp expect_bad_input "no mechanism left" "$BPFKIT" runqlat 1 1
grep -q 'sched_wakeup' "$T/bad.err" || fail "missing-mechanism message does not name the probe"

if command -v bpftool >/dev/null; then
	after=$(bpftool prog show 2>/dev/null | grep -c 'name ' || true)
	[ "$after" -eq "$before" ] || fail "BPF programs left behind: $before before, $after after"

	# kill -9 while tracing: the kernel drops the programs and links with
	# the last fd.  The IDs come from the tool's own fdinfo, so other BPF
	# users on the machine do not matter.
	for tool in execsnoop opensnoop runqlat syscount; do
		start_tool "$tool"
		wait_for "$T/$tool.out" '.'
		ids=$(cat /proc/"$TOOL_PID"/fdinfo/* 2>/dev/null | sed -n 's/^prog_id:[[:space:]]*//p' | sort -u)
		links=$(cat /proc/"$TOOL_PID"/fdinfo/* 2>/dev/null | sed -n 's/^link_id:[[:space:]]*//p' | sort -u)
		[ -n "$ids" ] || fail "$tool: no programs loaded while tracing?"
		kill -9 "$TOOL_PID"
		wait "$TOOL_PID" 2>/dev/null
		deadline=$(( $(date +%s) + 10 ))
		for id in $ids; do
			while bpftool prog show id "$id" >/dev/null 2>&1; do
				[ "$(date +%s)" -lt "$deadline" ] || fail "$tool: program $id left after kill -9"
				sleep 0.05
			done
		done
		for id in $links; do
			while bpftool link show id "$id" >/dev/null 2>&1; do
				[ "$(date +%s)" -lt "$deadline" ] || fail "$tool: link $id left after kill -9"
				sleep 0.05
			done
		done
		echo "ok: kill -9 $tool left none of its programs ($(echo $ids)) or links ($(echo $links))"
	done
else
	echo "note: bpftool not installed here; leftover checks run on the host tier"
fi
echo PASS
