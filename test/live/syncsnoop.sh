# syncsnoop sees each sync-family call of a program the test drives, by
# name, and no other process's with -p: 3 fsync, 2 fdatasync, and one each
# of msync, sync_file_range, syncfs and sync, by the calls' tracepoints and
# by the raw sys_enter one.
. "$TESTLIB"

F="$T/syncsnoop-file"
dd if=/dev/zero of="$F" bs=4096 count=1 2>/dev/null || fail "cannot write $F"
for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	for args in "" -j; do
		if [ -n "$args" ]; then hdr="$T/syncsnoop.err"; else hdr="$T/syncsnoop.out"; fi
		gated_start "$TESTBIN/cacheuser" "$F"
		# shellcheck disable=SC2086
		start_tool syncsnoop $args -p "$PROG_PID"
		wait_for "$hdr" '^TIME\(s\) +COMM +CALL$'
		sync # another process: not shown
		printf 'sync\nsync\nsync\nfdatasync\nfdatasync\nmsync\nsync_file_range\nsyncfs\nsyncall\n' >&3
		wait_for "$T/prog.out" '^syncall$'
		if [ -n "$args" ]; then last='"call": "sync"\}$'; else last=' sync$'; fi
		wait_for "$T/syncsnoop.out" "$last"
		kill "$PROG_PID"
		stop_tool
		for c in fsync:3 fdatasync:2 msync:1 sync_file_range:1 syncfs:1 sync:1; do
			name=${c%:*} n=${c#*:}
			if [ -n "$args" ]; then
				got=$(grep -Ec "^\{\"time_s\": [0-9]+\.[0-9]+, \"comm\": \"cacheuser\", \"call\": \"$name\"\}\$" "$T/syncsnoop.out")
			else
				got=$(grep -Ec "^[0-9]+\.[0-9]{9} +cacheuser +$name\$" "$T/syncsnoop.out")
			fi
			[ "$got" -eq "$n" ] || fail "$name ${args:-(text)}: $got lines, expected $n (disabled: ${off:-nothing})"
		done
		lines=9
		[ -n "$args" ] || lines=10 # and the header
		[ "$(grep -c . "$T/syncsnoop.out")" -eq "$lines" ] || fail "other lines in the output: $(cat "$T/syncsnoop.out")"
		echo "ok: 3 fsync, 2 fdatasync, msync, sync_file_range, syncfs, sync ${args:+(-j) }(disabled: ${off:-nothing})"
	done
done
unset BPFKIT_DISABLE
expect_bad_input "no such process" "$BPFKIT" syncsnoop -p 999999999
expect_bad_input "an argument it does not take" "$BPFKIT" syncsnoop 5
echo PASS
