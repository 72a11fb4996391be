"""oci_from_manifest.py MANIFEST CONFIG_JSON: give an OCI runtime bundle's
config.json (umoci unpack's) what the DaemonSet's container has and nothing
else: its command, its capabilities (drop ALL, then add), the host's PID
namespace for hostPID, its hostPath volumes bound where it mounts them, a
read-only root.  So live.image tests the manifest's privileges, not a
privileged container's."""
import json
import sys

import yaml

manifest, config_path = sys.argv[1], sys.argv[2]
with open(manifest) as f:
    ds = yaml.safe_load(f)
pod = ds["spec"]["template"]["spec"]
(ctr,) = pod["containers"]
sc = ctr["securityContext"]
with open(config_path) as f:
    config = json.load(f)

proc = config["process"]
proc["args"] = ctr.get("command", []) + ctr.get("args", [])
# The tool's output is the test's to read, not a terminal's.
proc["terminal"] = False
proc["user"] = {"uid": sc.get("runAsUser", 0), "gid": 0}
proc["noNewPrivileges"] = not sc.get("allowPrivilegeEscalation", True)
assert sc["capabilities"]["drop"] == ["ALL"], "the manifest must drop ALL first"
# linux/capability.h's order: a capability's number is its index.
NAMES = """CHOWN DAC_OVERRIDE DAC_READ_SEARCH FOWNER FSETID KILL SETGID SETUID SETPCAP
LINUX_IMMUTABLE NET_BIND_SERVICE NET_BROADCAST NET_ADMIN NET_RAW IPC_LOCK IPC_OWNER
SYS_MODULE SYS_RAWIO SYS_CHROOT SYS_PTRACE SYS_PACCT SYS_ADMIN SYS_BOOT SYS_NICE
SYS_RESOURCE SYS_TIME SYS_TTY_CONFIG MKNOD LEASE AUDIT_WRITE AUDIT_CONTROL SETFCAP
MAC_OVERRIDE MAC_ADMIN SYSLOG WAKE_ALARM BLOCK_SUSPEND AUDIT_READ PERFMON BPF
CHECKPOINT_RESTORE""".split()
with open("/proc/self/status") as f:
    bounding = int(next(l for l in f if l.startswith("CapBnd:")).split()[1], 16)
caps = []
for c in sc["capabilities"].get("add", []):
    # A sandbox that runs the tests may itself lack one (CAP_SYS_RESOURCE
    # here): no runtime can grant it, so say so on the test's output.
    if not bounding >> NAMES.index(c) & 1:
        print(f"CAP_{c}: not in this host's bounding set, the container runs without it")
        continue
    caps.append("CAP_" + c)
proc["capabilities"] = {k: caps for k in ("bounding", "effective", "permitted", "inheritable", "ambient")}
assert not sc.get("privileged", False), "a privileged container would test nothing"

linux = config["linux"]
if pod.get("hostPID"):
    linux["namespaces"] = [ns for ns in linux["namespaces"] if ns["type"] != "pid"]
config["root"]["readonly"] = bool(sc.get("readOnlyRootFilesystem"))

volumes = {v["name"]: v for v in pod.get("volumes", [])}
for m in ctr.get("volumeMounts", []):
    host = volumes[m["name"]]["hostPath"]["path"]
    opts = ["rbind", "nosuid", "nodev", "noexec"] + (["ro"] if m.get("readOnly") else [])
    config["mounts"].append({"destination": m["mountPath"], "type": "bind", "source": host, "options": opts})

with open(config_path, "w") as f:
    json.dump(config, f, indent=1)
print(" ".join(proc["args"]), "with", ",".join(caps) or "no capabilities")
# /proc/PID/status's form, for the test to compare with the running container.
print("CapEff:\t%016x" % sum(1 << NAMES.index(c[4:]) for c in caps))
