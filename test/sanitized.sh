#!/bin/sh
# Runs one test of the san tier (test/tests.cmake) with ASan's and UBSan's
# reports written to files, and fails when any was written, whatever the
# test's own status: a finding in a path where the test expects a non-zero
# exit (bad input) must not pass as that exit.  Every process of the test
# writes to the same directory (log_path gets a .PID suffix).
set -u
dir=$(mktemp -d /tmp/bpfkit-san.XXXXXX)
trap 'rm -rf "$dir"' EXIT
export ASAN_OPTIONS="log_path=$dir/asan:halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$dir/ubsan:halt_on_error=1:print_stacktrace=1"
"$@"
rc=$?
for f in "$dir"/*; do
	[ -e "$f" ] || continue
	echo "FAIL: sanitizer report $(basename "$f"):"
	cat "$f"
	rc=1
done
exit $rc
