#include "core/privilege.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static uint64_t effective_caps(void)
{
	static uint64_t caps;
	static bool read;
	if (read)
		return caps;
	read = true;
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long v;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			caps = v;
	if (f)
		fclose(f);
	return caps;
}

bool priv_has_cap(int cap)
{
	return effective_caps() >> cap & 1;
}

const char *priv_bpf_missing(void)
{
	static char why[160];
	bool bpf = priv_has_cap(PRIV_CAP_BPF), perfmon = priv_has_cap(PRIV_CAP_PERFMON);
	if (priv_has_cap(PRIV_CAP_SYS_ADMIN) || (bpf && perfmon))
		return NULL;
	snprintf(why, sizeof(why), "needs root, or CAP_BPF and CAP_PERFMON: this process lacks %s",
		 !bpf && !perfmon ? "both" : !bpf ? "CAP_BPF" : "CAP_PERFMON");
	return why;
}

int priv_sysctl(const char *name, int dflt)
{
	char path[96];
	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	FILE *f = fopen(path, "re");
	int v = dflt;
	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = dflt;
		fclose(f);
	}
	return v;
}

/* The kernel's kallsyms_show_value(): kptr_restrict 0 shows addresses to
 * perf-capable readers (perf_event_paranoid <= 1) and CAP_SYSLOG, 1 only to
 * CAP_SYSLOG, 2 to nobody.  Read the file rather than recompute the rule:
 * the first address is 0 exactly when they are hidden. */
const char *priv_kernel_addrs_missing(void)
{
	static char why[200];
	/* The first text symbol: on x86_64 the file starts with per-CPU
	 * symbols, whose addresses are offsets from 0 even for root. */
	FILE *f = fopen("/proc/kallsyms", "re");
	unsigned long long addr = 0;
	char line[512], type;
	for (int i = 0; f && i < 1000000 && fgets(line, sizeof(line), f); i++)
		if (sscanf(line, "%llx %c", &addr, &type) == 2 && (type == 't' || type == 'T'))
			break;
	if (f)
		fclose(f);
	if (addr)
		return NULL;
	int kptr = priv_sysctl("kptr_restrict", -1);
	int paranoid = priv_sysctl("perf_event_paranoid", 2);
	if (!f)
		snprintf(why, sizeof(why), "/proc/kallsyms cannot be read (%s)", strerror(errno));
	else if (kptr >= 2)
		snprintf(why, sizeof(why),
			 "kernel.kptr_restrict=%d hides kernel addresses even from root: set it to 1 and run as root",
			 kptr);
	else if (kptr == 1 || paranoid > 1)
		snprintf(why, sizeof(why),
			 "kernel addresses in /proc/kallsyms are hidden from this process (kernel.kptr_restrict=%d): "
			 "needs CAP_SYSLOG (root)",
			 kptr);
	else
		snprintf(why, sizeof(why), "kernel addresses in /proc/kallsyms are hidden from this process");
	return why;
}

const char *priv_proc_missing(int err)
{
	if ((err != EACCES && err != EPERM) || priv_has_cap(PRIV_CAP_SYS_PTRACE))
		return NULL;
	return "reading another user's process (/proc/PID/maps, /proc/PID/root) needs CAP_SYS_PTRACE (root)";
}

int priv_proc_readable(int pid)
{
	/* CAP_PERFMON opens maps but not root/: both are needed, the binaries
	 * are read through the process's root. */
	static const char *const what[] = { "maps", "root" };
	for (int i = 0; i < 2; i++) {
		char path[40];
		snprintf(path, sizeof(path), "/proc/%d/%s", pid, what[i]);
		int fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		close(fd);
	}
	return 0;
}
