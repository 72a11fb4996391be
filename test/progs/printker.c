/* Workload for trace_pipe: a real bpf_trace_printk.  Loads a tracepoint
 * program on syscalls:sys_enter_getppid that prints "bpfkit-tp TGID" with
 * the caller's TGID, attaches it to this process only (so other
 * processes' getppid calls print nothing), says "ready", waits for one byte
 * on stdin, calls getppid() once and exits.  The program is a handful of
 * instructions through a raw bpf() call, so it needs no libbpf and runs in
 * the VM tier's static initramfs too. */
#include <errno.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define MOV64_REG(d, s) INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV64_IMM(d, i) INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define ADD64_IMM(d, i) INSN(BPF_ALU64 | BPF_ADD | BPF_K, d, 0, 0, i)
#define RSH64_IMM(d, i) INSN(BPF_ALU64 | BPF_RSH | BPF_K, d, 0, 0, i)
#define STX_DW(d, s, o) INSN(BPF_STX | BPF_MEM | BPF_DW, d, s, o, 0)
#define CALL(f) INSN(BPF_JMP | BPF_CALL, 0, 0, 0, f)
#define EXIT() INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
/* A 64-bit immediate takes two instructions. */
#define LD_IMM64(d, v) INSN(BPF_LD | BPF_DW | BPF_IMM, d, 0, 0, (uint32_t)(v)), INSN(0, 0, 0, 0, (uint64_t)(v) >> 32)

static const char fmt[16] = "bpfkit-tp %d\n";

static int tracepoint_id(void)
{
	static const char *const dirs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		char path[128];
		snprintf(path, sizeof(path), "%s/events/syscalls/sys_enter_getppid/id", dirs[i]);
		FILE *f = fopen(path, "r");
		int id;
		if (!f)
			continue;
		int ok = fscanf(f, "%d", &id) == 1;
		fclose(f);
		if (ok)
			return id;
	}
	fprintf(stderr, "printker: no syscalls:sys_enter_getppid tracepoint (is tracefs mounted?)\n");
	return -1;
}

int main(void)
{
	uint64_t lo, hi;
	memcpy(&lo, fmt, 8);
	memcpy(&hi, fmt + 8, 8);
	const struct bpf_insn insns[] = {
		CALL(BPF_FUNC_get_current_pid_tgid),
		MOV64_REG(BPF_REG_3, BPF_REG_0),
		RSH64_IMM(BPF_REG_3, 32),
		LD_IMM64(BPF_REG_1, lo),
		STX_DW(BPF_REG_10, BPF_REG_1, -16),
		LD_IMM64(BPF_REG_1, hi),
		STX_DW(BPF_REG_10, BPF_REG_1, -8),
		MOV64_REG(BPF_REG_1, BPF_REG_10),
		ADD64_IMM(BPF_REG_1, -16),
		MOV64_IMM(BPF_REG_2, (int)strlen(fmt) + 1),
		CALL(BPF_FUNC_trace_printk),
		MOV64_IMM(BPF_REG_0, 0),
		EXIT(),
	};
	int id = tracepoint_id();
	if (id < 0)
		return 1;
	/* Kernels before 5.11 charge programs to RLIMIT_MEMLOCK; later ones
	 * to the memory cgroup, where this may fail and not matter. */
	struct rlimit unlimited = { RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MEMLOCK, &unlimited);
	static char log[4096];
	union bpf_attr attr;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_TRACEPOINT;
	attr.insns = (uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(*insns);
	attr.license = (uintptr_t) "GPL"; /* bpf_trace_printk is GPL only */
	attr.log_buf = (uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	int prog = syscall(__NR_bpf, BPF_PROG_LOAD, &attr, sizeof(attr));
	if (prog < 0) {
		fprintf(stderr, "printker: program load: %s\n%s", strerror(errno), log);
		return 1;
	}
	struct perf_event_attr pa = { .type = PERF_TYPE_TRACEPOINT, .size = sizeof(pa), .config = id,
				      .sample_period = 1, .wakeup_events = 1 };
	int ev = syscall(__NR_perf_event_open, &pa, 0 /* this process */, -1, -1, 0);
	if (ev < 0 || ioctl(ev, PERF_EVENT_IOC_SET_BPF, prog) || ioctl(ev, PERF_EVENT_IOC_ENABLE, 0)) {
		fprintf(stderr, "printker: attach to sys_enter_getppid: %s\n", strerror(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	char c;
	if (read(0, &c, 1) < 0)
		return 1;
	syscall(SYS_getppid);
	return 0;
}
