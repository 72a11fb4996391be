"""daemonset.py MANIFEST LIST: packaging/k8s/bpfkit-daemonset.yaml against
(or bpfkit-metrics-daemonset.yaml) against the part of the Kubernetes API it uses (apps/v1 DaemonSet, core/v1 PodSpec):
every key known with its type, so a misspelt field, which the API server
would drop without a word (hostPid), fails here; and against bpfkit's own
needs: the host's PID namespace, ALL capabilities dropped and only those
tracing needs added, read-only host mounts of the kernel's tracing files
only, a command that is a tool in `bpfkit list` (the file LIST), and for
--prometheus the port and scrape annotations that match it."""
import re
import sys

import yaml

S, I, B = str, int, bool
Q = S  # a quantity ("32Mi") is a string here
SCHEMA = {
    "apiVersion": S, "kind": S,
    "metadata": {"name": S, "namespace": S, "labels": {"*": S}},
    "spec": {
        "selector": {"matchLabels": {"*": S}},
        "updateStrategy": {"type": S},
        "template": {
            "metadata": {"labels": {"*": S}, "annotations": {"*": S}},
            "spec": {
                "hostPID": B, "automountServiceAccountToken": B, "enableServiceLinks": B,
                "tolerations": [{"operator": S, "key": S, "effect": S}],
                "containers": [{
                    "name": S, "image": S, "command": [S], "args": [S],
                    "ports": [{"name": S, "containerPort": I, "protocol": S}],
                    "securityContext": {
                        "privileged": B, "allowPrivilegeEscalation": B, "readOnlyRootFilesystem": B,
                        "runAsUser": I,
                        "capabilities": {"drop": [S], "add": [S]},
                        "seccompProfile": {"type": S},
                    },
                    "resources": {"requests": {"cpu": Q, "memory": Q}, "limits": {"cpu": Q, "memory": Q}},
                    "volumeMounts": [{"name": S, "mountPath": S, "readOnly": B}],
                }],
                "volumes": [{"name": S, "hostPath": {"path": S, "type": S}}],
            },
        },
    },
}
errors = []


def check(node, schema, path):
    if isinstance(schema, dict):
        if not isinstance(node, dict):
            return errors.append(f"{path}: a mapping expected")
        for k, v in node.items():
            sub = schema.get(k, schema.get("*"))
            if sub is None:
                errors.append(f"{path}.{k}: not a field of the Kubernetes API here")
            else:
                check(v, sub, f"{path}.{k}")
    elif isinstance(schema, list):
        if not isinstance(node, list):
            return errors.append(f"{path}: a list expected")
        for i, v in enumerate(node):
            check(v, schema[0], f"{path}[{i}]")
    elif not isinstance(node, schema) or (schema is I and isinstance(node, bool)):
        errors.append(f"{path}: {schema.__name__} expected, not {node!r}")


def need(cond, what):
    if not cond:
        errors.append(what)


manifest, listing = sys.argv[1], sys.argv[2]
with open(manifest) as f:
    docs = [d for d in yaml.safe_load_all(f) if d is not None]
need(len(docs) == 1, f"{len(docs)} documents, one DaemonSet expected")
ds = docs[0]
check(ds, SCHEMA, "")
need(ds.get("apiVersion") == "apps/v1" and ds.get("kind") == "DaemonSet", "not an apps/v1 DaemonSet")
dns = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
need(dns.match(ds["metadata"]["name"]) and len(ds["metadata"]["name"]) <= 63, "metadata.name is not a DNS label")
tmpl = ds["spec"]["template"]
sel = ds["spec"]["selector"]["matchLabels"]
need(sel and all(tmpl["metadata"]["labels"].get(k) == v for k, v in sel.items()),
     "the selector does not match the template's labels (the API server refuses it)")
need(ds["spec"].get("updateStrategy", {}).get("type", "RollingUpdate") in ("RollingUpdate", "OnDelete"),
     "updateStrategy.type is neither RollingUpdate nor OnDelete")
pod = tmpl["spec"]
need(pod.get("hostPID") is True, "hostPID must be true: the kernel reports the host's PIDs")
for t in pod.get("tolerations", []):
    need(t.get("operator") in ("Exists", "Equal"), f"toleration operator {t.get('operator')!r}")

(ctr,) = pod["containers"]
need(dns.match(ctr["name"]), "the container's name is not a DNS label")
need(bool(ctr.get("image")), "no image")
with open(listing) as f:
    tools, cat = set(), None
    for line in f:
        if re.match(r"^[a-z]+:$", line):
            cat = line.strip()
        elif line.strip() and cat != "bpfkit:":
            tools.add(line.split()[0])
cmd = ctr.get("command", [])
need(cmd and cmd[0] in tools, f"command {cmd[:1]} is not a tool of bpfkit list (a link on the image's PATH)")

# A metrics DaemonSet: --prometheus on the port the pod declares and its
# scrape annotations name, on every address of the pod (its own network).
ports = ctr.get("ports", [])
if "--prometheus" in cmd:
    addr = cmd[cmd.index("--prometheus") + 1] if cmd.index("--prometheus") + 1 < len(cmd) else ""
    need(re.match(r"^:[0-9]+$", addr), f"--prometheus {addr!r}: ':PORT' expected (the pod's every address)")
    port = int(addr[1:]) if re.match(r"^:[0-9]+$", addr) else None
    need([p.get("containerPort") for p in ports] == [port], f"ports {ports}: the one port --prometheus serves expected")
    need(all(p.get("protocol", "TCP") == "TCP" for p in ports), "the metrics port is TCP")
    ann = tmpl["metadata"].get("annotations", {})
    need(ann.get("prometheus.io/scrape") == "true" and ann.get("prometheus.io/port") == str(port)
         and ann.get("prometheus.io/path", "/metrics") == "/metrics",
         f"annotations {ann}: prometheus.io/scrape, port {port} and path /metrics expected")
else:
    need(not ports, "ports without --prometheus: nothing listens there")

sc = ctr["securityContext"]
need(sc.get("privileged") is False, "privileged must be false: the capabilities say what is needed")
need(sc.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation must be false")
need(sc["capabilities"].get("drop") == ["ALL"], "capabilities.drop must be [ALL]")
add = sc["capabilities"].get("add", [])
need(len(add) == len(set(add)), "a capability added twice")
# What tracing needs: BPF and PERFMON to load and attach, SYS_RESOURCE for
# libbpf's memlock bump before 5.11; nothing else is justified.
need(set(add) == {"BPF", "PERFMON", "SYS_RESOURCE"}, f"capabilities.add {add}: BPF, PERFMON, SYS_RESOURCE expected")
need(not any(c.startswith("CAP_") for c in add), "Kubernetes names capabilities without CAP_")

volumes = {v["name"]: v for v in pod.get("volumes", [])}
mounts = ctr.get("volumeMounts", [])
need({m["name"] for m in mounts} == set(volumes), "every volume is mounted, and only volumes that exist")
allowed = {"/sys/kernel/tracing", "/sys/kernel/debug", "/sys/fs/bpf", "/sys/kernel/btf", "/proc"}
for m in mounts:
    hp = volumes.get(m["name"], {}).get("hostPath", {})
    need(hp.get("path") in allowed, f"hostPath {hp.get('path')}: not a tracing mount")
    need(hp.get("type") in ("Directory", "DirectoryOrCreate", ""), f"hostPath {hp.get('path')} type {hp.get('type')}")
    need(m.get("readOnly") is True, f"{m['mountPath']} must be read-only")
    need(m["mountPath"].startswith("/"), f"mountPath {m['mountPath']} is not absolute")

if errors:
    for e in errors:
        print("FAIL:", e)
    sys.exit(1)
print(f"daemonset: {ds['metadata']['name']} runs {' '.join(cmd)} with {', '.join(add)}; "
      f"mounts {', '.join(sorted(volumes[m['name']]['hostPath']['path'] for m in mounts))}")
