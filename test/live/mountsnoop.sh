# mountsnoop sees the tmpfs mount a program makes (source, target, type,
# flags, data), its umount and a mount that fails, with the program's PID,
# TID and mount namespace; -P adds the parent; -j; by the syscall
# tracepoints and by the raw sys_enter/sys_exit ones.
. "$TESTLIB"

MNT="$T/mnt"
mkdir "$MNT"
teardown() {
	for p in $BG_PIDS; do kill -9 "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	umount -l "$MNT" 2>/dev/null
	cleanup
}
trap teardown EXIT
src="bpfkit-src-$$"
ns=$(readlink /proc/self/ns/mnt | tr -dc 0-9)
m="mount(\"$src\", \"$MNT\", \"tmpfs\", MS_NOSUID\\|MS_NODEV\\|MS_NOEXEC, \"size=1m,mode=700\") = 0"
u="umount\\(\"$MNT\", MNT_DETACH\\) = 0"
f="mount\\(\"$src\", \"$MNT/missing\", \"tmpfs\", 0x0, \"\"\\) = -ENOENT"
m=$(printf '%s' "$m" | sed 's/(/\\(/; s/) = 0$/\\) = 0/')

for off in "" tracepoints; do
	export BPFKIT_DISABLE="$off"
	gated_start "$TESTBIN/mounter" "$src" "$MNT"
	start_tool mountsnoop -p "$PROG_PID"
	wait_for "$T/mountsnoop.out" '^COMM +PID +TID +MNT_NS +CALL$'
	poke
	wait "$PROG_PID" || fail "mounter failed"
	[ "$(cat "$T/prog.out" | tr '\n' ' ')" = "mount 0 umount 0 mount 2 " ] || fail "mounter: $(cat "$T/prog.out")"
	wait_for "$T/mountsnoop.out" 'ENOENT$'
	stop_tool
	p=$PROG_PID
	expect_grep "^mounter +$p +$p +$ns +$m\$" "$T/mountsnoop.out"
	expect_grep "^mounter +$p +$p +$ns +$u\$" "$T/mountsnoop.out"
	expect_grep "^mounter +$p +$p +$ns +$f\$" "$T/mountsnoop.out"
	[ "$(wc -l <"$T/mountsnoop.out")" -eq 4 ] || fail "not the header and 3 calls: $(cat "$T/mountsnoop.out")"
	echo "ok: mount, umount, failed mount (disabled: ${off:-nothing})"

	# The new mount API: the same tmpfs by fsopen, fsconfig, fsmount and
	# move_mount (FSOPEN_CLOEXEC is 1, which BCC names as mount's MS_RDONLY).
	gated_start "$TESTBIN/mounter" -n "$src" "$MNT"
	start_tool mountsnoop -p "$PROG_PID"
	wait_for "$T/mountsnoop.out" '^COMM +PID +TID +MNT_NS +CALL$'
	poke
	wait "$PROG_PID" || fail "mounter -n failed: $(cat "$T/prog.out")"
	wait_for "$T/mountsnoop.out" 'umount'
	stop_tool
	p=$PROG_PID
	fs=$(sed -n 's/^fsopen //p' "$T/prog.out")
	mfd=$(sed -n 's/^fsmount //p' "$T/prog.out")
	[ "$fs" -ge 0 ] && [ "$mfd" -ge 0 ] || fail "mounter -n: $(cat "$T/prog.out")"
	for c in "fsopen\\(\"tmpfs\", MS_RDONLY\\) = $fs" \
		"fsconfig\\($fs, FSCONFIG_SET_STRING, \"source\", \"$src\", 0\\) = 0" \
		"fsconfig\\($fs, FSCONFIG_SET_STRING, \"size\", \"1m\", 0\\) = 0" \
		"fsconfig\\($fs, FSCONFIG_CMD_CREATE, \"\", \"\", 0\\) = 0" \
		"fsmount\\($fs, FSMOUNT_CLOEXEC, MOUNT_ATTR_NODEV\\) = $mfd" \
		"move_mount\\($mfd, \"\", AT_FDCWD, \"$MNT\", MOVE_MOUNT_F_EMPTY_PATH\\) = 0" \
		"umount\\(\"$MNT\", MNT_DETACH\\) = 0"; do
		expect_grep "^mounter +$p +$p +$ns +$c\$" "$T/mountsnoop.out"
	done
	[ "$(wc -l <"$T/mountsnoop.out")" -eq 8 ] || fail "not the header and 7 calls: $(cat "$T/mountsnoop.out")"
	echo "ok: the new mount API's calls (disabled: ${off:-nothing})"
done
unset BPFKIT_DISABLE

# -P: the parent (this shell); -j: the call's text and its parts.
me=$(cat /proc/$$/comm)
gated_start "$TESTBIN/mounter" "$src" "$MNT"
start_tool mountsnoop -P -j -p "$PROG_PID"
wait_for "$T/mountsnoop.err" '^COMM +PID +TID +PCOMM +PPID +MNT_NS +CALL$'
poke
wait "$PROG_PID"
wait_for "$T/mountsnoop.out" 'ENOENT'
stop_tool
expect_grep "^\\{\"comm\": \"mounter\", \"pid\": $PROG_PID, \"tid\": $PROG_PID, \"pcomm\": \"$me\", \"ppid\": $$, \"mnt_ns\": $ns, \"call\": \"mount\\(\\\\\"$src\\\\\", .*\\) = 0\", \"syscall\": \"mount\", \"source\": \"$src\", \"type\": \"tmpfs\", \"data\": \"size=1m,mode=700\", \"target\": \"$MNT\", \"flags\": 14, \"ret\": 0\\}\$" "$T/mountsnoop.out"
echo "ok: -P -j"

expect_bad_input "no such process" "$BPFKIT" mountsnoop -p 999999999
expect_bad_input "an argument it does not take" "$BPFKIT" mountsnoop 5
echo PASS
