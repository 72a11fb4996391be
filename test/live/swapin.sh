# swapin: only kprobes or fentry see a swap-in (no tracepoint does): here
# one line says so.  In the VM guests a swap file on their ext4 disk takes
# memhog's pages out of its 12 MB memory cgroup as it touches 16 MB, then it
# reads them all again: those swap-ins are its row, COMM memhog, its PID.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/memcg.sh"

if [ -z "${KERNEL_ID:-}" ]; then
	expect_bad_input "swapin without kprobes and fentry" "$BPFKIT" swapin
	grep -q 'swap_read_folio or swap_readpage' "$T/bad.err" || fail "the refusal does not name the probe"
	exit 0
fi
grep -q ' /mnt/ext4 ext4 ' /proc/mounts || fail "no /mnt/ext4 for a swap file"
swapfile=/mnt/ext4/bpfkit-swap-$$
swap_off() { swapoff "$swapfile" 2>/dev/null; rm -f "$swapfile"; }
at_exit swap_off
dd if=/dev/zero of="$swapfile" bs=1M count=16 2>/dev/null && chmod 600 "$swapfile" &&
	mkswap "$swapfile" >/dev/null && swapon "$swapfile" || fail "cannot swap on $swapfile"

memcg_make 12 swap
gated_start "$TESTBIN/memhog" 16 0 reread
memcg_enter "$PROG_PID"
start_tool swapin -T 60
wait_for "$T/swapin.out" '^Counting swap ins\. Ctrl-C to end\.$'
poke
wait "$PROG_PID" || fail "memhog failed"
stop_tool
expect_grep '^COMM {13}PID {5}COUNT$' "$T/swapin.out"
expect_grep '^Detaching\.\.\.$' "$T/swapin.out"
n=$(awk -v p="$PROG_PID" '$1 == "memhog" && $2 == p { print $3 }' "$T/swapin.out")
# At least 4 MB went out (16 into 12) and came back: 1024 pages, less what
# the swap cache still held.
[ -n "$n" ] && [ "$n" -ge 512 ] || fail "memhog's swap-ins: '$n'"
echo "ok: memhog $PROG_PID swapped in $n pages"
