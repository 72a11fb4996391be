/* capable: security capability checks, as BCC's capable. */
#include "core/stacks/symbols.h"
#include "core/tool.h"
#include "probes/capable.skel.h"

#include <string.h>

#include "probes/capable.h"

static const struct probe_spec probes[] = {
	{ "cap_capable",
	  { { PM_FENTRY, "cap_fentry", "cap_capable" },
	    { PM_KPROBE, "cap_kprobe", "cap_capable" },
	    { PM_TRACEPOINT, "cap_tp", "capability:cap_capable" } } },
};

enum { OPT_UNIQUE = 0x100 };
static bool verbose, kernel_stack, user_stack, extra, unique;
static struct symbols *syms;

static const struct tool_option options[] = {
	OPT_FLAG('v', "verbose", &verbose, "Include non-audit checks", .rodata = "verbose"),
	OPT_FLAG('K', "kernel-stack", &kernel_stack, "Output kernel stack trace", .rodata = "kernel_stack"),
	OPT_FLAG('U', "user-stack", &user_stack, "Output user stack trace", .rodata = "user_stack"),
	OPT_FLAG('x', "extra", &extra, "Show extra fields in TID and INSETID columns"),
	OPT_FLAG(OPT_UNIQUE, "unique", &unique, "Don't repeat stacks for the same pid and capability",
		 .rodata = "unique"),
	{ { 0 } },
};

static int configure(struct tracer *t)
{
	struct symbols_opts so = { .offsets = true };
	syms = symbols_open(&so);
	int err = tracer_select(t);
	if (!err && !verbose && !tracer_print_ebpf && !strcmp(tracer_mech(t, 0), "tracepoint"))
		log_warn("the capability:cap_capable tracepoint does not say whether a check is audited: "
			 "showing every check, as with -v (AUDIT is N/A)");
	return err;
}

static int end(struct tracer *t)
{
	symbols_close(syms);
	return 0;
}

static const char *const cap_names[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
	"CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
	"CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
	"CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

/* A stack's frames, symbolized: as lines under the event, or a JSON list. */
static void print_stack(const char *kind, const __u64 *ips, int n, bool kernel, int pid)
{
	const char *names[CAPABLE_STACK_DEPTH];
	if (n > CAPABLE_STACK_DEPTH)
		n = CAPABLE_STACK_DEPTH;
	for (int i = 0; i < n; i++) {
		names[i] = "[unknown]";
		if (kernel)
			symbols_kernel(syms, ips[i], &names[i], 1);
		else
			symbols_user(syms, pid, ips[i], &names[i], 1);
	}
	if (output_mode == OUTPUT_JSON) {
		rec_list(kernel ? "kernel_stack" : "user_stack", names, n);
		return;
	}
	if (!n)
		printf("    [Missed %s Stack]\n", kind);
	for (int i = 0; i < n; i++)
		printf("        %s\n", names[i]);
}

static void header(void)
{
	FILE *out = record_header_out();
	if (extra)
		fprintf(out, "%-9s %-6s %-6s %-6s %-16s %-4s %-20s %-6s %s\n", "TIME", "UID", "PID", "TID", "COMM", "CAP",
			"NAME", "AUDIT", "INSETID");
	else
		fprintf(out, "%-9s %-6s %-6s %-16s %-4s %-20s %-6s\n", "TIME", "UID", "PID", "COMM", "CAP", "NAME",
			"AUDIT");
}

/* Records without stacks end before them (.event_size). */
static int on_event(const void *data, size_t size)
{
	const struct cap_event *e = data;
	if ((kernel_stack || user_stack) && size < sizeof(*e))
		return 0;
	char hms[16], name[24];
	if (e->cap >= 0 && e->cap < (int)(sizeof(cap_names) / sizeof(cap_names[0])))
		snprintf(name, sizeof(name), "%s", cap_names[e->cap]);
	else
		snprintf(name, sizeof(name), "?");
	rec_str("time", "%-9s ", output_hms(hms));
	rec_u64("uid", "%-6llu ", e->uid);
	rec_u64("pid", "%-6llu ", e->pid);
	if (extra)
		rec_u64("tid", "%-6llu ", e->tid);
	rec_strn("comm", "%-16s ", e->comm, sizeof(e->comm));
	rec_i64("cap", "%-4lld ", e->cap);
	rec_str("name", "%-20s ", name);
	/* -1: the tracepoint path, which does not know (BCC prints N/A for an
	 * INSETID it cannot know). */
	if (e->audit < 0)
		rec_none("audit", extra ? "%-6s " : "%-6s", "N/A");
	else
		rec_i64("audit", extra ? "%-6lld " : "%-6lld", e->audit);
	if (extra && e->insetid < 0)
		rec_none("insetid", "%s", "N/A");
	else if (extra)
		rec_i64("insetid", "%lld", e->insetid);
	/* Text: the row, then the stacks below it. */
	if (output_mode != OUTPUT_JSON)
		rec_end();
	if (kernel_stack)
		print_stack("Kernel", e->kstack, e->nkstack, true, e->pid);
	if (user_stack)
		print_stack("User", e->ustack, e->nustack, false, e->pid);
	if (output_mode == OUTPUT_JSON)
		rec_end();
	fflush(stdout);
	return 0;
}

/* -v is capable's own (include non-audit checks): --verbose stays global. */
DECLARE_TOOL(capable, .category = "security", .summary = "Trace security capability checks",
	     .summary_note = "(cap_capable())", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_EVENT_OPTIONS | TOOL_SELF | TOOL_CONTAINERS, .bound = options,
	     TOOL_PROBES(probes), .configure = configure, .end = end, .header = header,
	     .event = on_event, .event_size = offsetof(struct cap_event, kstack),
	     .examples = "  capable             # trace capability checks\n"
			 "  capable -v          # verbose: include non-audit checks\n"
			 "  capable -p 181      # only trace PID 181\n"
			 "  capable -K          # add kernel stacks to trace\n"
			 "  capable -U          # add user-space stacks to trace\n"
			 "  capable -x          # extra fields: show TID and INSETID columns\n"
			 "  capable --unique    # don't repeat stacks for the same pid or cgroup");
