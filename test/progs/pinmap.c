/* Makes a BPF map for the --cgroupmap/--mntnsmap tests, as a user would
 * with bpftool: pinmap hash|array PATH KEYSIZE VALUESIZE [KEY...] creates
 * the map, pins it at PATH (on a bpf file system) and, for 8-byte keys,
 * adds each KEY (a decimal number) with a zero value.  A raw bpf() call, so
 * it runs in the VM tier too, where there is no bpftool. */
#include <errno.h>
#include <linux/bpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return syscall(__NR_bpf, cmd, attr, sizeof(*attr));
}

int main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: pinmap hash|array PATH KEYSIZE VALUESIZE [KEY...]\n");
		return 2;
	}
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.map_type = strcmp(argv[1], "array") ? BPF_MAP_TYPE_HASH : BPF_MAP_TYPE_ARRAY;
	attr.key_size = atoi(argv[3]);
	attr.value_size = atoi(argv[4]);
	attr.max_entries = 1024;
	/* Kernels before 5.11 charge maps to RLIMIT_MEMLOCK (bpftool raises
	 * it too); later ones charge the memory cgroup, and a failure here
	 * (no CAP_SYS_RESOURCE) does not matter there. */
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	int fd = sys_bpf(BPF_MAP_CREATE, &attr);
	if (fd < 0) {
		fprintf(stderr, "pinmap: map create: %s\n", strerror(errno));
		return 1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.pathname = (uintptr_t)argv[2];
	attr.bpf_fd = fd;
	if (sys_bpf(BPF_OBJ_PIN, &attr)) {
		fprintf(stderr, "pinmap: pin %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	char value[256] = { 0 };
	for (int i = 5; i < argc; i++) {
		uint64_t key = strtoull(argv[i], NULL, 10);
		memset(&attr, 0, sizeof(attr));
		attr.map_fd = fd;
		attr.key = (uintptr_t)&key;
		attr.value = (uintptr_t)value;
		if (sys_bpf(BPF_MAP_UPDATE_ELEM, &attr)) {
			fprintf(stderr, "pinmap: add %s: %s\n", argv[i], strerror(errno));
			return 1;
		}
	}
	return 0;
}
