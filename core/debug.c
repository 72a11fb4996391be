#include "core/debug.h"

#include "core/disasm.h"
#include "core/kallsyms.h"
#include "core/log.h"
#include "symbolize/kallsyms.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

unsigned debug_flags;

int debug_parse(const char *arg)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || v > 0xffff) {
		log_err("--bpf-debug %s: not a number; BCC's debug flags, e.g. 0x2 (instructions) or 0x18", arg);
		return -EINVAL;
	}
	if (v & DEBUG_LLVM_IR) {
		log_err("--bpf-debug 0x1: there is no LLVM IR; bpfkit's programs were compiled when it was built "
			"(0x2 shows their instructions, 0x8 with their C lines)");
		return -EINVAL;
	}
	if (v & ~(unsigned long)DEBUG_ALL) {
		log_err("--bpf-debug %s: unknown flag 0x%lx; the flags are 0x2, 0x4, 0x8, 0x10 and 0x20 (see bpfkit(8))",
			arg, v & ~(unsigned long)DEBUG_ALL);
		return -EINVAL;
	}
	debug_flags = (unsigned)v;
	log_libbpf_hook = debug_libbpf_message;
	return 0;
}

int debug_log_level(void)
{
	return debug_flags & DEBUG_BPF_REGISTER_STATE ? 2 : debug_flags & DEBUG_BPF ? 1 : 0;
}

bool debug_libbpf_message(int level, const char *fmt, va_list ap)
{
	/* libbpf logs a loaded program's verifier output at debug level when it
	 * owns the log buffer, which is how bpfkit asks for it. */
	bool show = (debug_log_level() && strstr(fmt, "-- BEGIN PROG LOAD LOG --")) ||
		    ((debug_flags & DEBUG_BTF) && level == LIBBPF_DEBUG &&
		     (strstr(fmt, "BTF") || strstr(fmt, "btf") || strstr(fmt, "CO-RE") ||
		      /* CO-RE relocations; "sec '%s': relo #" are the ELF's. */
		      (strstr(fmt, "': relo #") && !strstr(fmt, "sec '"))));
	if (!show)
		return false;
	fflush(stdout);
	vfprintf(stderr, fmt, ap);
	return true;
}

void debug_print_verifier_log(const char *prog, const char *log)
{
	fflush(stdout);
	fprintf(stderr, "; verifier log of %s:\n%s", prog, log);
	if (*log && log[strlen(log) - 1] != '\n')
		fputc('\n', stderr);
}

/* The kernel functions a loaded program calls, a helper or a map's own
 * operation the verifier put in its place (htab_map_lookup_elem): the
 * symbolizer's kallsyms, read once, at __bpf_call_base plus the call's
 * immediate. */
static struct {
	struct kallsyms *syms;
	unsigned long long base;
	bool read;
} kcalls;

static void xlated_call(const struct bpf_insn *in, char *buf, size_t len)
{
	if (!kcalls.read) {
		char mod[1][64];
		kcalls.read = true;
		if (kallsyms_addrs("__bpf_call_base", &kcalls.base, mod, 1) == 1)
			kcalls.syms = kallsyms_load(NULL);
	}
	uint64_t a = kcalls.base + (uint64_t)(int64_t)in->imm;
	const struct ksym *k = kcalls.syms ? kallsyms_find(kcalls.syms, a) : NULL;
	if (k && k->addr == a)
		snprintf(buf, len, "call %s", k->name);
	else
		snprintf(buf, len, "call %+d (from __bpf_call_base)", in->imm);
}

/* One line-info record's C line, trimmed, with its file and line; not
 * again where the record differs from the last only in its column. */
static void print_line(FILE *out, const struct btf *btf, const struct bpf_line_info *l, const struct bpf_line_info **last)
{
	if (*last && (*last)->line_off == l->line_off && (*last)->file_name_off == l->file_name_off &&
	    BPF_LINE_INFO_LINE_NUM((*last)->line_col) == BPF_LINE_INFO_LINE_NUM(l->line_col))
		return;
	*last = l;
	const char *src = btf ? btf__name_by_offset(btf, l->line_off) : NULL;
	const char *file = btf ? btf__name_by_offset(btf, l->file_name_off) : NULL;
	if (!src || !*src)
		return;
	while (*src == ' ' || *src == '\t')
		src++;
	const char *base = file ? strrchr(file, '/') : NULL;
	fprintf(out, "; %s [%s:%u]\n", src, base ? base + 1 : file ? file : "?", BPF_LINE_INFO_LINE_NUM(l->line_col));
}

int debug_print_loaded(FILE *out, int fd, const char *name)
{
	struct bpf_prog_info info = { 0 };
	__u32 len = sizeof(info);
	if (bpf_prog_get_info_by_fd(fd, &info, &len))
		return -errno;
	__u32 bytes = info.xlated_prog_len, nl = info.nr_line_info, rec = info.line_info_rec_size, btf_id = info.btf_id;
	if (!bytes) {
		/* The kernel gives its instructions to a process that may see
		 * kernel addresses only. */
		log_err("the kernel does not show the loaded program %s (kernel.kptr_restrict, or no CAP_SYS_ADMIN)",
			name);
		return -EPERM;
	}
	struct bpf_insn *insns = malloc(bytes);
	char *lines = nl && rec >= sizeof(struct bpf_line_info) ? calloc(nl, rec) : NULL;
	if (!insns) {
		free(lines);
		return -ENOMEM;
	}
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = bytes;
	info.xlated_prog_insns = (__u64)(uintptr_t)insns;
	if (lines) {
		info.nr_line_info = nl;
		info.line_info_rec_size = rec;
		info.line_info = (__u64)(uintptr_t)lines;
	}
	len = sizeof(info);
	int err = bpf_prog_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	if (err) {
		free(insns);
		free(lines);
		return err;
	}
	if (!lines)
		nl = 0;
	struct btf *btf = nl && btf_id ? btf__load_from_kernel_by_id(btf_id) : NULL;
	size_t cnt = bytes / sizeof(*insns);
	fprintf(out, "; program %s, %zu instructions as the kernel holds them%s\n", name, cnt,
		nl ? ", with their C lines" : " (no line information)");
	const struct disasm_xlated x = { .call = xlated_call };
	char text[160];
	size_t li = 0;
	const struct bpf_line_info *last = NULL;
	for (size_t i = 0; i < cnt;) {
		for (; li < nl; li++) {
			const struct bpf_line_info *l = (const void *)(lines + li * rec);
			if (l->insn_off > i)
				break;
			/* An earlier offset than i: inside the previous ld_imm64. */
			print_line(out, btf, l, &last);
		}
		int n = disasm_insn_xlated(&insns[i], cnt - i, text, sizeof(text), &x);
		fprintf(out, "%5zu: %s\n", i, text);
		i += n;
	}
	fputc('\n', out);
	btf__free(btf);
	free(insns);
	free(lines);
	return 0;
}
