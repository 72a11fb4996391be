/* ppchcalls: powerpc hypervisor call counts and latencies, as BCC's
 * ppchcalls.  Its hcall_entry/hcall_exit tracepoints exist only in powerpc
 * kernels on a hypervisor (pSeries): elsewhere the tool says so in one
 * line.  -l (the hcall names) and --hcall's check work anywhere. */
#include "core/btfproto.h"
#include "core/syscalls.h"
#include "core/tool.h"
#include "probes/ppchcalls.skel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* BCC's table (arch/powerpc/include/asm/hvcall.h's opcodes). */
static const struct hcall {
	unsigned nr;
	const char *name;
} hcalls[] = {
	{ 4, "H_REMOVE" },
	{ 8, "H_ENTER" },
	{ 12, "H_READ" },
	{ 16, "H_CLEAR_MOD" },
	{ 20, "H_CLEAR_REF" },
	{ 24, "H_PROTECT" },
	{ 28, "H_GET_TCE" },
	{ 32, "H_PUT_TCE" },
	{ 36, "H_SET_SPRG0" },
	{ 40, "H_SET_DABR" },
	{ 44, "H_PAGE_INIT" },
	{ 48, "H_SET_ASR" },
	{ 52, "H_ASR_ON" },
	{ 56, "H_ASR_OFF" },
	{ 60, "H_LOGICAL_CI_LOAD" },
	{ 64, "H_LOGICAL_CI_STORE" },
	{ 68, "H_LOGICAL_CACHE_LOAD" },
	{ 72, "H_LOGICAL_CACHE_STORE" },
	{ 76, "H_LOGICAL_ICBI" },
	{ 80, "H_LOGICAL_DCBF" },
	{ 84, "H_GET_TERM_CHAR" },
	{ 88, "H_PUT_TERM_CHAR" },
	{ 92, "H_REAL_TO_LOGICAL" },
	{ 96, "H_HYPERVISOR_DATA" },
	{ 100, "H_EOI" },
	{ 104, "H_CPPR" },
	{ 108, "H_IPI" },
	{ 112, "H_IPOLL" },
	{ 116, "H_XIRR" },
	{ 120, "H_MIGRATE_DMA" },
	{ 124, "H_PERFMON" },
	{ 220, "H_REGISTER_VPA" },
	{ 224, "H_CEDE" },
	{ 228, "H_CONFER" },
	{ 232, "H_PROD" },
	{ 236, "H_GET_PPP" },
	{ 240, "H_SET_PPP" },
	{ 244, "H_PURR" },
	{ 248, "H_PIC" },
	{ 252, "H_REG_CRQ" },
	{ 256, "H_FREE_CRQ" },
	{ 260, "H_VIO_SIGNAL" },
	{ 264, "H_SEND_CRQ" },
	{ 272, "H_COPY_RDMA" },
	{ 276, "H_REGISTER_LOGICAL_LAN" },
	{ 280, "H_FREE_LOGICAL_LAN" },
	{ 284, "H_ADD_LOGICAL_LAN_BUFFER" },
	{ 288, "H_SEND_LOGICAL_LAN" },
	{ 292, "H_BULK_REMOVE" },
	{ 304, "H_MULTICAST_CTRL" },
	{ 308, "H_SET_XDABR" },
	{ 312, "H_STUFF_TCE" },
	{ 316, "H_PUT_TCE_INDIRECT" },
	{ 332, "H_CHANGE_LOGICAL_LAN_MAC" },
	{ 336, "H_VTERM_PARTNER_INFO" },
	{ 340, "H_REGISTER_VTERM" },
	{ 344, "H_FREE_VTERM" },
	{ 348, "H_RESET_EVENTS" },
	{ 352, "H_ALLOC_RESOURCE" },
	{ 356, "H_FREE_RESOURCE" },
	{ 360, "H_MODIFY_QP" },
	{ 364, "H_QUERY_QP" },
	{ 368, "H_REREGISTER_PMR" },
	{ 372, "H_REGISTER_SMR" },
	{ 376, "H_QUERY_MR" },
	{ 380, "H_QUERY_MW" },
	{ 384, "H_QUERY_HCA" },
	{ 388, "H_QUERY_PORT" },
	{ 392, "H_MODIFY_PORT" },
	{ 396, "H_DEFINE_AQP1" },
	{ 400, "H_GET_TRACE_BUFFER" },
	{ 404, "H_DEFINE_AQP0" },
	{ 408, "H_RESIZE_MR" },
	{ 412, "H_ATTACH_MCQP" },
	{ 416, "H_DETACH_MCQP" },
	{ 420, "H_CREATE_RPT" },
	{ 424, "H_REMOVE_RPT" },
	{ 428, "H_REGISTER_RPAGES" },
	{ 432, "H_DISABLE_AND_GET" },
	{ 436, "H_ERROR_DATA" },
	{ 440, "H_GET_HCA_INFO" },
	{ 444, "H_GET_PERF_COUNT" },
	{ 448, "H_MANAGE_TRACE" },
	{ 456, "H_GET_CPU_CHARACTERISTICS" },
	{ 468, "H_FREE_LOGICAL_LAN_BUFFER" },
	{ 472, "H_POLL_PENDING" },
	{ 484, "H_QUERY_INT_STATE" },
	{ 580, "H_ILLAN_ATTRIBUTES" },
	{ 584, "H_ADD_LOGICAL_LAN_BUFFERS" },
	{ 592, "H_MODIFY_HEA_QP" },
	{ 596, "H_QUERY_HEA_QP" },
	{ 600, "H_QUERY_HEA" },
	{ 604, "H_QUERY_HEA_PORT" },
	{ 608, "H_MODIFY_HEA_PORT" },
	{ 612, "H_REG_BCMC" },
	{ 616, "H_DEREG_BCMC" },
	{ 620, "H_REGISTER_HEA_RPAGES" },
	{ 624, "H_DISABLE_AND_GET_HEA" },
	{ 628, "H_GET_HEA_INFO" },
	{ 632, "H_ALLOC_HEA_RESOURCE" },
	{ 644, "H_ADD_CONN" },
	{ 648, "H_DEL_CONN" },
	{ 664, "H_JOIN" },
	{ 672, "H_VASI_SIGNAL" },
	{ 676, "H_VASI_STATE" },
	{ 680, "H_VIOCTL" },
	{ 688, "H_ENABLE_CRQ" },
	{ 696, "H_GET_EM_PARMS" },
	{ 720, "H_SET_MPP" },
	{ 724, "H_GET_MPP" },
	{ 732, "H_REG_SUB_CRQ" },
	{ 736, "H_FREE_SUB_CRQ" },
	{ 740, "H_SEND_SUB_CRQ" },
	{ 744, "H_SEND_SUB_CRQ_INDIRECT" },
	{ 748, "H_HOME_NODE_ASSOCIATIVITY" },
	{ 756, "H_BEST_ENERGY" },
	{ 764, "H_XIRR_X" },
	{ 768, "H_RANDOM" },
	{ 772, "H_COP" },
	{ 788, "H_GET_MPP_X" },
	{ 796, "H_SET_MODE" },
	{ 808, "H_BLOCK_REMOVE" },
	{ 856, "H_CLEAR_HPT" },
	{ 864, "H_REQUEST_VMC" },
	{ 876, "H_RESIZE_HPT_PREPARE" },
	{ 880, "H_RESIZE_HPT_COMMIT" },
	{ 892, "H_REGISTER_PROC_TBL" },
	{ 896, "H_SIGNAL_SYS_RESET" },
	{ 904, "H_ALLOCATE_VAS_WINDOW" },
	{ 908, "H_MODIFY_VAS_WINDOW" },
	{ 912, "H_DEALLOCATE_VAS_WINDOW" },
	{ 916, "H_QUERY_VAS_WINDOW" },
	{ 920, "H_QUERY_VAS_CAPABILITIES" },
	{ 924, "H_QUERY_NX_CAPABILITIES" },
	{ 928, "H_GET_NX_FAULT" },
	{ 936, "H_INT_GET_SOURCE_INFO" },
	{ 940, "H_INT_SET_SOURCE_CONFIG" },
	{ 944, "H_INT_GET_SOURCE_CONFIG" },
	{ 948, "H_INT_GET_QUEUE_INFO" },
	{ 952, "H_INT_SET_QUEUE_CONFIG" },
	{ 956, "H_INT_GET_QUEUE_CONFIG" },
	{ 960, "H_INT_SET_OS_REPORTING_LINE" },
	{ 964, "H_INT_GET_OS_REPORTING_LINE" },
	{ 968, "H_INT_ESB" },
	{ 972, "H_INT_SYNC" },
	{ 976, "H_INT_RESET" },
	{ 996, "H_SCM_READ_METADATA" },
	{ 1000, "H_SCM_WRITE_METADATA" },
	{ 1004, "H_SCM_BIND_MEM" },
	{ 1008, "H_SCM_UNBIND_MEM" },
	{ 1012, "H_SCM_QUERY_BLOCK_MEM_BINDING" },
	{ 1016, "H_SCM_QUERY_LOGICAL_MEM_BINDING" },
	{ 1020, "H_SCM_UNBIND_ALL" },
	{ 1024, "H_SCM_HEALTH" },
	{ 1048, "H_SCM_PERFORMANCE_STATS" },
	{ 1052, "H_PKS_GET_CONFIG" },
	{ 1056, "H_PKS_SET_PASSWORD" },
	{ 1060, "H_PKS_GEN_PASSWORD" },
	{ 1068, "H_PKS_WRITE_OBJECT" },
	{ 1072, "H_PKS_GEN_KEY" },
	{ 1076, "H_PKS_READ_OBJECT" },
	{ 1080, "H_PKS_REMOVE_OBJECT" },
	{ 1084, "H_PKS_CONFIRM_OBJECT_FLUSHED" },
	{ 1096, "H_RPT_INVALIDATE" },
	{ 1100, "H_SCM_FLUSH" },
	{ 1104, "H_GET_ENERGY_SCALE_INFO" },
	{ 1108, "H_PKS_SIGNED_UPDATE" },
	{ 1112, "H_HTM" },
	{ 1116, "H_WATCHDOG" },
	{ 1120, "H_GUEST_GET_CAPABILITIES" },
	{ 1124, "H_GUEST_SET_CAPABILITIES" },
	{ 1136, "H_GUEST_CREATE" },
	{ 1140, "H_GUEST_CREATE_VCPU" },
	{ 1144, "H_GUEST_GET_STATE" },
	{ 1148, "H_GUEST_SET_STATE" },
	{ 1152, "H_GUEST_RUN_VCPU" },
	{ 1156, "H_GUEST_COPY_MEMORY" },
	{ 1160, "H_GUEST_DELETE" },
	{ 1168, "H_PKS_WRAP_OBJECT" },
	{ 1172, "H_PKS_UNWRAP_OBJECT" },
	{ 61184, "H_SVM_PAGE_IN" },
	{ 61188, "H_SVM_PAGE_OUT" },
	{ 61192, "H_SVM_INIT_START" },
	{ 61196, "H_SVM_INIT_DONE" },
	{ 61204, "H_SVM_INIT_ABORT" },
	{ 61440, "H_RTAS" },
	{ 61441, "H_LOGICAL_MEMOP" },
	{ 61442, "H_CAS" },
	{ 61443, "H_UPDATE_DT" },
	{ 61560, "H_GET_24X7_CATALOG_PAGE" },
	{ 61564, "H_GET_24X7_DATA" },
	{ 61568, "H_GET_PERF_COUNTER_INFO" },
	{ 63488, "H_SET_PARTITION_TABLE" },
	{ 63492, "H_ENTER_NESTED" },
	{ 63496, "H_TLB_INVALIDATE" },
	{ 63500, "H_COPY_TOFROM_GUEST" },
};
#define NHCALLS (sizeof(hcalls) / sizeof(hcalls[0]))

static pid_t pid, tid;
static unsigned long interval_s, duration_s, top = 10;
static bool failures, latency, millis, by_process, list;
static const char *errno_arg, *hcall;

enum { OPT_HCALL = 0x100 };

static const struct tool_option options[] = {
	OPT_PID('p', "pid", "PID", "process", &pid, "trace only this pid"),
	OPT_PID('t', "tid", "TID", "thread", &tid, "trace only this tid"),
	OPT_ULONG('i', "interval", "INTERVAL", &interval_s, 1, 99999999, "print summary at this interval (seconds)"),
	OPT_ULONG('d', "duration", "DURATION", &duration_s, 1, 99999999, "total duration of trace, in seconds"),
	OPT_ULONG('T', "top", "TOP", &top, 1, 1000000, "print only the top hcalls by count or latency"),
	OPT_FLAG('x', "failures", &failures, "trace only failed hcalls (return < 0)"),
	OPT_STRING('e', "errno", "ERRNO", &errno_arg, "trace only hcalls that return this error (numeric or EPERM, etc.)"),
	OPT_FLAG('L', "latency", &latency, "collect hcall latency"),
	OPT_FLAG('m', "milliseconds", &millis, "display latency in milliseconds (default: microseconds)"),
	OPT_FLAG('P', "process", &by_process, "count by process and not by hcall"),
	OPT_FLAG('l', "list", &list, "print list of recognized hcalls and exit"),
	OPT_STRING(OPT_HCALL, "hcall", "HCALL", &hcall, "trace this hcall only (use option -l to get all recognized hcalls)"),
	{ { 0 } },
};

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* BCC's -l: the names sorted, four to a line, each in 25 columns. */
static void print_list(void)
{
	const char *names[NHCALLS];
	for (size_t i = 0; i < NHCALLS; i++)
		names[i] = hcalls[i].name;
	qsort(names, NHCALLS, sizeof(names[0]), by_name);
	for (size_t i = 0; i < NHCALLS; i++)
		printf("%s%-25s%s", i % 4 ? "   " : "", names[i], i % 4 == 3 || i == NHCALLS - 1 ? "\n" : "");
}

static int configure(struct tracer *t)
{
	(void)t;
	if (errno_arg && errno_parse(errno_arg) < 0)
		return log_err("couldn't map %s to an errno", errno_arg), -EINVAL;
	if (hcall) {
		size_t i = 0;
		while (i < NHCALLS && strcmp(hcalls[i].name, hcall))
			i++;
		if (i == NHCALLS)
			return log_err("hcall '%s' not found (ppchcalls -l lists them)", hcall), -EINVAL;
	}
	if (list)
		return print_list(), 1;
	struct utsname u;
	uname(&u);
	if (!btf_tracepoint_proto("hcall_entry") || !btf_tracepoint_proto("hcall_exit"))
		return log_err("this kernel has no hcall_entry/hcall_exit tracepoints: they are powerpc's, "
			       "on a hypervisor (pSeries), and this is %s",
			       u.machine),
		       -EOPNOTSUPP;
	return log_err("this kernel has the hcall_entry/hcall_exit tracepoints, but bpfkit's ppchcalls has no "
		       "implementation for them yet (it is built and tested on x86_64 only)"),
	       -EOPNOTSUPP;
}

DECLARE_TOOL(ppchcalls, .category = "kernel", .summary = "Summarize ppc hcall counts and latencies.", .shape = TOOL_EVENTS,
	     .bound = options, .configure = configure,
	     .examples = "  ppchcalls               # summarize hcall counts\n"
			 "  ppchcalls -L            # and latencies\n"
			 "  ppchcalls -l            # list the hcalls it knows\n"
			 "  ppchcalls --hcall H_CEDE  # H_CEDE only");
