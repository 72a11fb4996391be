/* BCC's --cgroupmap and --mntnsmap: trace only tasks whose cgroup v2 ID, or
 * mount namespace inode number, is a key of a hash map the user pinned
 * (bpftool map create ... type hash key 8 ...).  core/tracer.c puts the
 * pinned map in place of these empty ones before load and turns the
 * filter on; the values are never read. */
#ifndef BPFKIT_PROBES_CONTAINERS_BPF_H
#define BPFKIT_PROBES_CONTAINERS_BPF_H

const volatile bool filter_cgroupmap = false, filter_mntnsmap = false;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u64);
} cgroupmap SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__type(value, __u32);
} mntnsmap SEC(".maps");

static __always_inline bool containers_allow(void)
{
	if (filter_cgroupmap) {
		__u64 id = bpf_get_current_cgroup_id();
		if (!bpf_map_lookup_elem(&cgroupmap, &id))
			return false;
	}
	if (filter_mntnsmap) {
		struct task_struct *task = (struct task_struct *)bpf_get_current_task();
		__u64 ino = BPF_CORE_READ(task, nsproxy, mnt_ns, ns.inum);
		if (!bpf_map_lookup_elem(&mntnsmap, &ino))
			return false;
	}
	return true;
}

#endif
