# Every block tool loads and attaches on this kernel (the VM tier: 5.10,
# 6.1, 6.12, where the loop device tests cannot run) and stops cleanly on
# Ctrl-C: their programs pass the verifier with each kernel's layout of
# struct request and bio and its block tracepoints' arguments.
. "$TESTLIB"
for spec in 'biosnoop|^TIME\(s\) +COMM +PID +DISK' 'biolatency|^Tracing block device I/O' \
	'bitesize|^Tracing block I/O\.\.\.' 'biotop -C|^Tracing\.\.\. Output every 1 secs' \
	'biopattern|^TIME +DISK +%RND' 'biostacks|^Tracing block I/O with init stacks'; do
	cmd=${spec%%|*}
	# shellcheck disable=SC2086
	start_tool $cmd
	name=${cmd%% *}
	wait_for "$T/$name.out" "${spec#*|}"
	stop_tool
	echo "ok: $cmd started"
done
# biolatpcts needs a disk: the first this kernel has.
disk=$(ls /sys/class/block 2>/dev/null | head -n 1)
if [ -n "$disk" ]; then
	start_tool biolatpcts -i -1 "$disk"
	wait_for "$T/biolatpcts.out" '^flush '
	stop_tool
	echo "ok: biolatpcts $disk started"
else
	echo "ok: no block device here for biolatpcts"
fi
