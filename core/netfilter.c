#include "core/netfilter.h"

#include "core/output.h"
#include "core/record.h"

#include "core/inet.h"
#include "core/log.h"
#include "core/tracer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <linux/types.h>

#include "probes/lib/sock.h"

static int ports(struct tracer *t, const char *var, const char *arg, const char *what)
{
	unsigned short p[SOCK_MAX_PORTS] = { 0 };
	if (!arg)
		return 0;
	int err = inet_port_list(arg, what ?: "port", p, SOCK_MAX_PORTS);
	return err ?: tracer_set_rodata(t, var, p, sizeof(p));
}

int net_filter_configure(struct tracer *t, const struct net_filter *f)
{
	if (f->ipv4 && f->ipv6) {
		log_err("-4 and -6 cannot be used together: give one, or neither for both families");
		return -EINVAL;
	}
	int err = ports(t, "targ_lports", f->lports, f->lwhat);
	err = err ?: ports(t, "targ_dports", f->dports, f->dwhat);
	if (!err && (f->ipv4 || f->ipv6))
		err = tracer_set_rodata_uint(t, "targ_family", f->ipv4 ? AF_INET : AF_INET6);
	return err;
}

int netns_of_pid(int pid, unsigned long *inum)
{
	char path[64];
	struct stat st;
	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	if (stat(path, &st)) {
		int err = -errno;
		log_err("cannot read the network namespace of %s%.0d: %s", pid ? "PID " : "this process", pid,
			strerror(-err));
		return err;
	}
	*inum = st.st_ino;
	return 0;
}

int net_session_configure(struct tracer *t, struct net_session *s)
{
	if (s->csv && output_mode == OUTPUT_JSON) {
		log_err("-s and -j cannot be used together: CSV or JSON, not both");
		return -EINVAL;
	}
	record_csv = s->csv, s->narrow = !s->wide, s->ip_col = s->wide || s->csv;
	return net_filter_configure(t, &s->nf);
}
