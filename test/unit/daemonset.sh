# The Kubernetes DaemonSet (packaging/k8s/bpfkit-daemonset.yaml) against a
# schema of the API fields it uses and against what bpfkit needs
# (test/unit/daemonset.py).  kubectl apply --dry-run=client cannot stand
# in: it asks an API server for the schema, and CI has none.
set -eu
: "${BPFKIT:?}"
top=$(cd "$(dirname "$0")/../.." && pwd)
[ -x /usr/bin/python3 ] || { echo "FAIL: python3 is missing: packaging/deps.sh installs it"; exit 1; }
/usr/bin/python3 -c 'import yaml' 2>/dev/null || { echo "FAIL: python3's yaml is missing: packaging/deps.sh installs it (python3-yaml)"; exit 1; }
T=$(mktemp /tmp/bpfkit-daemonset.XXXXXX)
trap 'rm -f "$T"' EXIT
"$BPFKIT" list >"$T"
for m in "$top"/packaging/k8s/*.yaml; do
	/usr/bin/python3 "$top/test/unit/daemonset.py" "$m" "$T"
done
# The metrics manifest's command is one the tool takes.
"$BPFKIT" runqlat --help | grep -q -- '--prometheus=ADDR' || { echo "FAIL: runqlat has no --prometheus"; exit 1; }
