# --cgroupmap and --mntnsmap (capable, execsnoop, opensnoop, profile,
# tcpconnect), with
# BCC's pinned-map semantics: a pinned hash map keyed by cgroup v2 ID, or
# by mount namespace inode number, and only tasks whose key is in it are
# traced.  The same work runs in a child cgroup (or a new mount namespace,
# unshare -m) and outside it; only the inside one may show.  A path that is
# no pinned map, or a map of the wrong kind, is one line and exit 1.
. "$TESTLIB"
. "$(dirname "$TESTLIB")/netns.sh"

cg="" cgmnt="" bpfmnt=""
teardown() {
	[ -n "$cg" ] && rmdir "$cg" 2>/dev/null
	[ -n "$cgmnt" ] && umount "$cgmnt" 2>/dev/null
	[ -n "$bpfmnt" ] && umount "$bpfmnt" 2>/dev/null
	cleanup
}
trap teardown EXIT

# A bpf file system of our own for the pins: removed with the mount.
mkdir "$T/bpf"
mount -t bpf bpf "$T/bpf" || fail "cannot mount a bpf file system"
bpfmnt="$T/bpf"
# cgroup v2, where bpf_get_current_cgroup_id() looks (hybrid hosts have it
# beside the v1 hierarchies).
root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
if [ -z "$root" ]; then
	mkdir "$T/cg2"
	mount -t cgroup2 none "$T/cg2" || fail "cannot mount cgroup2"
	cgmnt="$T/cg2" root="$T/cg2"
fi
cg="$root/bpfkit-test-$$"
mkdir "$cg" || fail "cannot make cgroup $cg"
cgid=$(stat -c %i "$cg")

# held NAME WRAP CMD...: start CMD wrapped (in: in the cgroup, mntns: in a
# new mount namespace, out: as it is) stopped at a gate; $held is its PID,
# which stays CMD's.  release NAME lets it run.
held() {
	_name=$1 _wrap=$2
	shift 2
	rm -f "$T/$_name.gate"
	mkfifo "$T/$_name.gate"
	case $_wrap in
	in) sh -c 'echo $$ >"$1/cgroup.procs" && read x <"$2" && shift 2 && exec "$@"' sh "$cg" "$T/$_name.gate" "$@" & ;;
	mntns) unshare -m sh -c 'read x <"$1" && shift && exec "$@"' sh "$T/$_name.gate" "$@" & ;;
	out) sh -c 'read x <"$1" && shift && exec "$@"' sh "$T/$_name.gate" "$@" & ;;
	esac
	held=$!
	BG_PIDS="$BG_PIDS $held"
}
release() {
	echo go >"$T/$1.gate"
}
# The mount namespace of PID, once unshare has made it.
mntns_of() {
	_self=$(stat -Lc %i /proc/self/ns/mnt)
	for _ in $(seq 200); do
		_ns=$(stat -Lc %i "/proc/$1/ns/mnt" 2>/dev/null)
		[ -n "$_ns" ] && [ "$_ns" != "$_self" ] && { echo "$_ns"; return; }
		sleep 0.01
	done
	fail "process $1 got no mount namespace of its own"
}

# check MODE TOOL: the tool with --cgroupmap (MODE in) or --mntnsmap (MODE
# mntns) sees the inside work and not the outside one.
check() {
	_mode=$1 _tool=$2
	touch "$T/inside" "$T/outside"
	case $_tool in
	execsnoop) _in="/bin/echo bpfkit-in-$$" _out="/bin/echo bpfkit-out-$$" ;;
	opensnoop) _in="cat $T/inside" _out="cat $T/outside" ;;
	capable) _in="chown 1234 $T/inside" _out="chown 1234 $T/outside" ;;
	profile) _in="$TESTBIN/spinner 500" _out="$TESTBIN/spinner 500" ;;
	tcpconnect)
		# One connection each to a server of the test's on loopback.
		tcp_serve 127.0.0.1 2 1
		server=$SERVER_PID _port=$PORT
		# The client waits for a byte, and a background job's stdin is
		# /dev/null: a script gives it one.
		printf 'exec "%s" 127.0.0.1 %s 1 1 1 </dev/zero\n' "$TESTBIN/tcpclient" "$_port" >"$T/connect.sh"
		_in="sh $T/connect.sh" _out=$_in
		;;
	esac
	# shellcheck disable=SC2086 # the commands split into words
	held in "$_mode" $_in </dev/zero >/dev/null
	inside=$held
	# shellcheck disable=SC2086
	held out out $_out </dev/zero >/dev/null
	outside=$held
	rm -f "$T/map"
	if [ "$_mode" = in ]; then
		"$TESTBIN/pinmap" hash "$T/bpf/map" 8 8 "$cgid" || fail "pinmap failed"
		_opt=--cgroupmap
	else
		"$TESTBIN/pinmap" hash "$T/bpf/map" 8 4 "$(mntns_of "$inside")" || fail "pinmap failed"
		_opt=--mntnsmap
	fi
	case $_tool in
	profile)
		start_tool profile -F 199 "$_opt" "$T/bpf/map"
		wait_for "$T/profile.out" '^Sampling at'
		release out
		release in
		wait "$outside"
		wait "$inside"
		stop_tool
		expect_grep "^    -  +spinner \($inside\)\$" "$T/profile.out"
		expect_no_grep "\($outside\)\$" "$T/profile.out"
		;;
	*)
		start_tool "$_tool" "$_opt" "$T/bpf/map"
		wait_for "$T/$_tool.out" '^(PID|PCOMM|COMM|TIME) '
		# Outside first: had the filter let it through, it would be in
		# the buffer before the inside event that ends the wait.
		release out
		wait "$outside" || fail "outside work failed"
		release in
		wait "$inside" || fail "inside work failed"
		case $_tool in
		execsnoop) wait_for "$T/execsnoop.out" "bpfkit-in-$$\$"; _no="bpfkit-out-$$" ;;
		opensnoop) wait_for "$T/opensnoop.out" "$T/inside\$"; _no="$T/outside" ;;
		capable) wait_for "$T/capable.out" "^[0-9:]{8} +0 +$inside .* CAP_CHOWN "; _no="^[0-9:]{8} +[0-9]+ +$outside " ;;
		tcpconnect)
			wait "$server" || fail "tcpserver failed"
			wait_for "$T/tcpconnect.out" "^$inside +tcpclient +4 +127\.0\.0\.1 +127\.0\.0\.1 +$_port +\$"
			_no="^$outside "
			;;
		esac
		stop_tool
		expect_no_grep "$_no" "$T/$_tool.out"
		;;
	esac
	rm -f "$T/bpf/map"
	echo "ok: $_tool $_opt: the work inside seen, the work outside not"
}

for tool in execsnoop opensnoop capable profile tcpconnect; do
	if [ "$tool" = capable ] && ! "$BPFKIT" capable --ebpf >/dev/null 2>&1; then
		echo "ok: capable skipped: no mechanism on this kernel"
		continue
	fi
	check in "$tool"
	check mntns "$tool"
done

expect_bad_input "no such map" "$BPFKIT" execsnoop --cgroupmap "$T/bpf/nosuch"
expect_grep 'no such file' "$T/bad.err"
expect_bad_input "not a bpf file" "$BPFKIT" opensnoop --mntnsmap "$T/inside"
expect_grep 'not a pinned BPF map' "$T/bad.err"
"$TESTBIN/pinmap" hash "$T/bpf/key4" 4 8 || fail "pinmap failed"
expect_bad_input "4-byte keys" "$BPFKIT" profile --cgroupmap "$T/bpf/key4"
expect_grep 'map type hash with 4-byte keys; expected a hash map keyed by cgroup ID \(8 bytes\)' "$T/bad.err"
"$TESTBIN/pinmap" array "$T/bpf/array" 4 4 || fail "pinmap failed"
expect_bad_input "an array" "$BPFKIT" execsnoop --mntnsmap "$T/bpf/array"
expect_grep 'map type array with 4-byte keys' "$T/bad.err"
echo PASS
