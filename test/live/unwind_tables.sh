# profile --unwind=tables: a program built -O2 -fomit-frame-pointer spins in
# a leaf called by qsort (Debian's libc, no frame pointers either) through a
# callback.  Walked by the .eh_frame tables the tool loads, nearly every user
# stack is the whole chain main;spin_sort;qsort...;by_weight;leaf; walked by
# frame pointers (the default) almost none is, so a run where the tables
# were silently not used fails.  Bad input: one line, exit 2.
# vm: skip (the guests have no dynamic libc for chain_nofp_dyn)
. "$TESTLIB"

chain='^chain_nofp_dyn;(.*;)?main;spin_sort;qsort[^;]*;(.*;)?by_weight;leaf[^;]* [0-9]+$'

# profile_chain ARGS...: profile the spinning program for 1.5 s at 199 Hz;
# $T/sums has "samples_with_the_chain all_samples".
profile_chain() {
	gated_start "$TESTBIN/chain_nofp_dyn" 1500 spin
	start_tool profile -U -f -F 199 "$@" -p "$PROG_PID"
	wait_for "$T/profile.err" '^Sampling at 199 Hertz of PID'
	poke
	wait "$PROG_PID"
	stop_tool
	# Not counted: a sample in exit_group, when the address space the
	# stack is in is being torn down (the stack is just _exit).
	awk -v re="$chain" '/;_exit [0-9]+$/ { next } { all += $NF } $0 ~ re { in_chain += $NF }
		END { print in_chain + 0, all + 0 }' \
		"$T/profile.out" >"$T/sums"
}

profile_chain --unwind=tables --verbose
read -r t_chain t_all <"$T/sums"
# --verbose says what was loaded: the program, libc and the dynamic loader.
expect_grep '^unwind tables: 3 of 3 files, [0-9]+ rows, [0-9]+ bytes in eh_rows' "$T/profile.err"
expect_grep '^  /usr/lib/x86_64-linux-gnu/libc\.so\.6: [0-9]+ rows from \.eh_frame$' "$T/profile.err"
[ "$t_all" -ge 100 ] || fail "tables: only $t_all samples"
[ $((t_chain * 100)) -ge $((t_all * 99)) ] || fail "tables: the whole chain in $t_chain of $t_all samples"
echo "ok: tables: the whole chain in $t_chain of $t_all samples"
cp "$T/profile.out" "$T/tables.folded"

profile_chain
read -r f_chain f_all <"$T/sums"
[ "$f_all" -ge 100 ] || fail "frame pointers: only $f_all samples"
[ $((f_chain * 100)) -le $((f_all * 10)) ] ||
	fail "frame pointers found the whole chain in $f_chain of $f_all samples: the test shows nothing"
echo "ok: frame pointers: the whole chain in $f_chain of $f_all samples"
# The default is frame pointers: no tables were built.
expect_no_grep '^unwind tables' "$T/profile.err"

expect_bad_input "--unwind=bogus" "$BPFKIT" profile --unwind=bogus -p 1
[ "$_rc" -eq 2 ] || fail "--unwind=bogus: exit $_rc, not 2"
expect_bad_input "--unwind=tables without -p" "$BPFKIT" profile -U --unwind=tables
expect_bad_input "--unwind=tables with -K" "$BPFKIT" profile -K --unwind=tables -p 1
expect_bad_input "--unwind=tables with -L" "$BPFKIT" profile -U --unwind=tables -L 1
