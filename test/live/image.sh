# vm: skip (the guest has no umoci, runc or python3, nor the source tree)
# The container image (packaging/image.sh): FROM scratch, under 5 MB, run
# by runc with the DaemonSet's command, capabilities, host PID namespace
# and mounts (test/live/oci_from_manifest.py), and its execsnoop, reached
# through the image's link on PATH, sees a command this test runs on the
# host.
. "$TESTLIB"
top=$(cd "$(dirname "$TESTLIB")/../.." && pwd)
manifest=$top/packaging/k8s/bpfkit-daemonset.yaml

for c in umoci:umoci runc:runc strip:binutils; do
	command -v "${c%%:*}" >/dev/null || fail "${c%%:*} is missing: packaging/deps.sh installs it (Debian package ${c#*:})"
done
/usr/bin/python3 -c 'import yaml' 2>/dev/null || fail "python3's yaml is missing: packaging/deps.sh installs it (python3-yaml)"

sh "$top/packaging/image.sh" "$BPFKIT" "$T/oci" test >"$T/image.out" 2>&1 || fail "image.sh: $(cat "$T/image.out")"

# What a registry stores and a node pulls: manifest, config and the one
# layer, compressed.
bytes=$(cat "$T"/oci/blobs/sha256/* | wc -c)
[ "$bytes" -lt 5000000 ] || fail "the image is $bytes bytes, not under 5 MB"
umoci stat --image "$T/oci:test" >"$T/stat.out" 2>&1 || fail "umoci stat"
[ "$(grep -c '^sha256:' "$T/stat.out")" -eq 1 ] || fail "not one layer: $(cat "$T/stat.out")"

umoci unpack --image "$T/oci:test" "$T/bundle" >"$T/unpack.out" 2>&1 || fail "umoci unpack: $(cat "$T/unpack.out")"
rootfs=$T/bundle/rootfs
unpacked=$(du -sb "$rootfs" | cut -f1)
echo "image: $bytes bytes compressed, $unpacked unpacked"
# FROM scratch: the binary, its links and the directories holding them.
( cd "$rootfs" && find . ! -path './usr/share/bpfkit/tools/*' | sort ) >"$T/files"
printf '%s\n' . ./usr ./usr/sbin ./usr/sbin/bpfkit ./usr/share ./usr/share/bpfkit ./usr/share/bpfkit/tools >"$T/want"
cmp -s "$T/files" "$T/want" || fail "the image holds more than bpfkit: $(cat "$T/files")"
[ "$(readlink "$rootfs/usr/share/bpfkit/tools/execsnoop")" = ../../../sbin/bpfkit ] || fail "no execsnoop link"

/usr/bin/python3 "$top/test/live/oci_from_manifest.py" "$manifest" "$T/bundle/config.json" >"$T/config.out" ||
	fail "config.json from the manifest: $(cat "$T/config.out")"
cat "$T/config.out"
capeff=$(grep '^CapEff:' "$T/config.out") || fail "oci_from_manifest.py gave no CapEff"
grep -q '"args": \[' "$T/bundle/config.json" || fail "no args in config.json"

id=bpfkit-image-$$
runc_cleanup() {
	runc kill "$id" KILL 2>/dev/null
	runc delete -f "$id" 2>/dev/null
}
at_exit runc_cleanup
: >"$T/runc.out"
: >"$T/runc.err"
runc run --bundle "$T/bundle" "$id" >"$T/runc.out" 2>"$T/runc.err" </dev/null &
TOOL_PID=$!
BG_PIDS="$BG_PIDS $TOOL_PID"
# execsnoop -j prints its header on stderr once it is tracing.
wait_for "$T/runc.err" '^COMM +PID +PPID +RET +ARGS' 30

# The privileges are the manifest's, and the PID namespace is the host's.
cpid=$(runc state "$id" | sed -n 's/^ *"pid": \([0-9]*\),$/\1/p')
[ -n "$cpid" ] || fail "runc state gave no pid"
[ "$(readlink "/proc/$cpid/ns/pid")" = "$(readlink /proc/self/ns/pid)" ] || fail "not in the host's PID namespace"
[ "$(readlink "/proc/$cpid/ns/mnt")" != "$(readlink /proc/self/ns/mnt)" ] || fail "in the host's mount namespace"
[ "$(grep '^CapEff:' "/proc/$cpid/status")" = "$capeff" ] ||
	fail "effective capabilities are not the manifest's ($capeff): $(grep CapEff "/proc/$cpid/status")"

# A command with a name no other process has, started on the host.
marker=$T/image-probe-$$
cp /bin/true "$marker"
"$marker" "seen-by-the-image-$$"
wait_for "$T/runc.out" "\"args\": \"$marker seen-by-the-image-$$\"" 20

runc kill "$id" INT
deadline=$(( $(date +%s) + 20 ))
while alive "$TOOL_PID"; do
	[ "$(date +%s)" -lt "$deadline" ] || fail "execsnoop in the container did not end on SIGINT"
	sleep 0.05
done
wait "$TOOL_PID" || fail "runc run: exit $? after SIGINT: $(cat "$T/runc.err")"
echo PASS
