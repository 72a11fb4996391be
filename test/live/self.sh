# Tools whose own work would show in their trace leave it out unless
# --include-self: opensnoop attaching its syscall tracepoints one by one
# reads each one's ID file, and the later reads are traced by the earlier
# probes (BCC's opensnoop is done attaching before it traces).  In a PID
# namespace of its own (a container) it still knows itself.
. "$TESTLIB"

for self in "" --include-self; do
	start_tool opensnoop -d 1 $self
	wait "$TOOL_PID" || fail "opensnoop -d 1 $self: exit status $?"
	own=$(awk -v p="$TOOL_PID" '$1 == p' "$T/opensnoop.out" | wc -l)
	if [ -z "$self" ]; then
		[ "$own" -eq 0 ] || fail "$own opens of opensnoop's own PID $TOOL_PID"
	else
		awk -v p="$TOOL_PID" '$1 == p && $NF ~ "/events/syscalls/.*/id$"' "$T/opensnoop.out" |
			grep -q . || fail "--include-self: no tracepoint ID read of its own"
	fi
	echo "ok: opensnoop $self: $own opens of its own"
done

if unshare -pf --mount-proc true 2>/dev/null; then
	for self in "" --include-self; do
		: >"$T/ns.out"
		unshare -pf --mount-proc "$BPFKIT" opensnoop -d 1 $self >"$T/ns.out" 2>&1 &
		upid=$!
		BG_PIDS="$BG_PIDS $upid"
		# unshare forks the tool: its PID outside the namespace.
		tool=""
		for _ in $(seq 200); do
			tool=$(cat "/proc/$upid/task/$upid/children" 2>/dev/null | awk '{ print $1 }')
			[ -n "$tool" ] && break
			sleep 0.01
		done
		[ -n "$tool" ] || fail "no child of unshare $upid"
		wait "$upid" || fail "opensnoop in a PID namespace $self: exit status $?"
		own=$(awk -v p="$tool" '$1 == p' "$T/ns.out" | wc -l)
		if [ -z "$self" ]; then
			[ "$own" -eq 0 ] || fail "in a PID namespace: $own opens of its own PID $tool"
		else
			[ "$own" -gt 0 ] || fail "in a PID namespace, --include-self: no open of its own PID $tool"
		fi
		echo "ok: opensnoop in a PID namespace $self: $own opens of its own"
	done
fi
echo PASS
