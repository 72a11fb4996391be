/* What tracing needs of this process that it lacks, in words.  The kernel
 * answers a missing privilege with EPERM/EACCES, the same errno it uses for
 * a missing feature; tools ask here first so a user is told "run as root"
 * and not "your kernel is too old". */
#ifndef BPFKIT_CORE_PRIVILEGE_H
#define BPFKIT_CORE_PRIVILEGE_H
#include <stdbool.h>

/* linux/capability.h's numbers; CAP_PERFMON and CAP_BPF came with 5.8. */
enum {
	PRIV_CAP_SYS_PTRACE = 19,
	PRIV_CAP_SYS_ADMIN = 21,
	PRIV_CAP_SYSLOG = 34,
	PRIV_CAP_PERFMON = 38,
	PRIV_CAP_BPF = 39,
};

bool priv_has_cap(int cap);

/* An integer under /proc/sys/kernel (kptr_restrict, ...), dflt if unreadable. */
int priv_sysctl(const char *name, int dflt);

/* NULL when this process may load and attach tracing programs (CAP_SYS_ADMIN,
 * or CAP_BPF with CAP_PERFMON); else why not, e.g. "needs root, or CAP_BPF
 * and CAP_PERFMON: this process lacks both". */
const char *priv_bpf_missing(void);

/* NULL when /proc/kallsyms shows this process kernel addresses; else why it
 * does not (kptr_restrict, CAP_SYSLOG, perf_event_paranoid). */
const char *priv_kernel_addrs_missing(void);

/* Why reading another process's mappings or files (/proc/PID/maps, the
 * binaries through /proc/PID/root) failed with errno err, when the cause is
 * privilege; NULL otherwise. */
const char *priv_proc_missing(int err);

/* 0 when this process can read what symbolizing PID's frames needs, else
 * -errno (EACCES: see priv_proc_missing). */
int priv_proc_readable(int pid);

#endif
