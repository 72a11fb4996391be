# biosnoop and biotop on the VM's ext4 disk (a virtio disk run-vm.sh
# attaches, mounted at /mnt/ext4; see virtiostat.sh): each start mechanism
# this kernel has is chosen in its turn, and with each the N O_DIRECT writes
# of S bytes a program makes are N I/Os of S bytes from that program's PID
# and COMM.  6.12 has block_io_start and block_io_done; 6.1 has neither:
# blk_account_io_start by fentry and by kprobe where it is a function of
# its own, block_bio_queue where it is inlined.
. "$TESTLIB"
N=16 S=65536

disk=$(awk '$2 == "/mnt/ext4" { sub("^/dev/", "", $1); print $1 }' /proc/mounts)
[ -n "$disk" ] || fail "no /mnt/ext4: $(cat /proc/mounts)"
file=/mnt/ext4/bpfkit-biosnoop-$$
at_exit rm_file
rm_file() { rm -f "$file"; }

if grep -q btf_trace_block_io_start /sys/kernel/btf/vmlinux; then
	starts="tp_btf:block_io_start" done="tp_btf block_io_done"
elif grep -q ' blk_account_io_start$' /proc/kallsyms; then
	starts="fentry:blk_account_io_start kprobe:blk_account_io_start" done="tp_btf block_rq_complete"
else
	starts="tp_btf:block_bio_queue" done="tp_btf block_rq_complete"
fi
echo "info: kallsyms: $(grep -E ' _*blk_account_io_(start|done)' /proc/kallsyms | tr '\n' ' ')"
for start in $starts; do
	case $start in kprobe:*) export BPFKIT_DISABLE=fentry ;; *) unset BPFKIT_DISABLE ;; esac
	mech="${start%%:*} ${start#*:}"
	rm_file
	gated_ready "$TESTBIN/directio" "$file" $N $S
	start_tool biosnoop --verbose -d "$disk"
	wait_for "$T/biosnoop.out" 'LAT\(ms\)$' 60
	expect_grep "^biosnoop: debug: probe block I/O start: $mech\$" "$T/biosnoop.err"
	expect_grep "^biosnoop: debug: probe block I/O done: $done\$" "$T/biosnoop.err"
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	row="^[0-9]+\.[0-9]{6} +directio +$PROG_PID +$disk +W +[0-9]+ +$S +[0-9]+\.[0-9]{2}$"
	wait_for_lines "$T/biosnoop.out" "$row" $N 60
	stop_tool
	[ "$(grep -Ec "$row" "$T/biosnoop.out")" -eq $N ] || fail "$mech: expected $N rows /$row/ in $(cat "$T/biosnoop.out")"
	echo "ok: biosnoop, $mech: $N writes of $S bytes by directio ($PROG_PID) on $disk"

	rm_file
	gated_ready "$TESTBIN/directio" "$file" $N $S
	start_tool biotop --verbose -C -p "$PROG_PID" 600
	wait_for "$T/biotop.out" '^Tracing' 60
	expect_grep "^biotop: debug: probe block I/O start: $mech\$" "$T/biotop.err"
	poke
	wait "$PROG_PID" || fail "directio failed: $(cat "$T/prog.out")"
	stop_tool
	expect_grep "^$PROG_PID +directio +W +[0-9]+ +[0-9]+ +$disk +$N +$((N * S / 1024))\.0 +[0-9]+\.[0-9]{2}\$" "$T/biotop.out"
	echo "ok: biotop, $mech: $PROG_PID directio $N I/Os"
done
unset BPFKIT_DISABLE
