/* mptcpify: force applications' TCP sockets to MPTCP, as BCC's. */
#include "core/features.h"
#include "core/btfproto.h"
#include "core/tool.h"
#include "probes/mptcpify.skel.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <stdlib.h>
#include <string.h>

#include "probes/mptcpify.h"

static const struct probe_spec probes[] = {
	{ "update_socket_protocol", { { PM_FENTRY, "protocol_fentry", "update_socket_protocol" } } },
};

static const char *targets;
static char names[MPTCPIFY_MAX_TARGETS][16];
static int nnames;

static const struct tool_option options[] = {
	OPT_STRING('t', "targets", "TARGETS", &targets,
		   "use ',' for multi targets, eg: 'iperf3,rsync'. Without '-t', it can works on all applications by default."),
	{ { 0 } },
};

/* What the kernel lacks, in one line, before anything is loaded. */
static int configure(struct tracer *t)
{
	char *list = targets ? strdup(targets) : NULL, *save = NULL;
	for (char *s = list ? strtok_r(list, ",", &save) : NULL; s; s = strtok_r(NULL, ",", &save)) {
		s += strspn(s, " \t");
		for (size_t n = strlen(s); n && strchr(" \t", s[n - 1]); n--)
			s[n - 1] = 0;
		if (*s && nnames < MPTCPIFY_MAX_TARGETS)
			strncpy(names[nnames++], s, 15);
	}
	free(list);
	if (targets && !nnames)
		return log_err("-t: no command names in '%s'", targets), -EINVAL;
	char on = 0;
	FILE *f = fopen("/proc/sys/net/mptcp/enabled", "r");
	if (!f)
		return log_err("this kernel has no MPTCP (no /proc/sys/net/mptcp: built without CONFIG_MPTCP)"), -EOPNOTSUPP;
	on = fgetc(f), fclose(f);
	if (on != '1')
		return log_err("MPTCP is disabled in this network namespace (sysctl net.mptcp.enabled=1 enables it)"), -EOPNOTSUPP;
	const struct btf *btf = kernel_btf();
	int id = btf ? btf__find_by_name_kind(btf, "update_socket_protocol", BTF_KIND_FUNC) : -1;
	if (id < 0)
		return log_err("this kernel has no update_socket_protocol() to hook (Linux 6.6 and later have it)"), -EOPNOTSUPP;
	if (!feature_has(FEAT_FENTRY))
		return log_err("this kernel cannot run fmod_ret programs: %s", feature_reason(FEAT_FENTRY)), -EOPNOTSUPP;
	return tracer_set_rodata_uint(t, "all_commands", !targets);
}

/* The commands into the map; BCC's line, its Python list as Python prints it. */
static int started(struct tracer *t)
{
	int fd = bpf_map__fd(((struct mptcpify_bpf *)t->skel)->maps.targets);
	__u8 one = 1;
	if (!nnames)
		return record_status("MPTCP is been forced for  all applications"), 0;
	char line[MPTCPIFY_MAX_TARGETS * 20 + 32] = "MPTCP is been forced for  [";
	for (int i = 0; i < nnames; i++) {
		if (bpf_map_update_elem(fd, names[i], &one, BPF_ANY))
			return log_err("cannot add '%s' to the targets: %s", names[i], strerror(errno)), -errno;
		snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s'%s'", i ? ", " : "", names[i]);
	}
	return record_status("%s]", line), 0;
}

DECLARE_TOOL(mptcpify, .category = "network", .summary = "Try to force applications to use MPTCP instead of TCP",
	     .shape = TOOL_EVENTS, .bound = options, TOOL_PROBES(probes), .configure = configure, .started = started,
	     .examples = "  mptcpify              # every application's TCP sockets are MPTCP ones\n"
			 "  mptcpify -t curl,iperf3  # only those of curl and iperf3");
