/* Loading and attaching an object bpfkit did not build.  libbpf does the
 * work (bpf_program__attach reads the section name); what is here is the
 * checking before it, so that a user hears what is wrong with the object
 * or this kernel in one line instead of libbpf's dump. */
#include "core/userobj.h"
#include "core/features.h"
#include "core/log.h"
#include "core/signals.h"
#include "core/tracer.h"

#include <bpf/libbpf.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The sections bpfkit run attaches, by prefix, and what each needs.
 * "tracepoint/" and the like need a target after the slash: a bare
 * SEC("uprobe") is for programs attached by hand, which run cannot. */
static const struct {
	const char *prefix;
	enum feature need;
} sections[] = {
	{ "tracepoint/", FEAT_TRACEPOINTS }, { "tp/", FEAT_TRACEPOINTS },
	{ "raw_tracepoint/", FEAT_RAW_TP },  { "raw_tp/", FEAT_RAW_TP },
	{ "tp_btf/", FEAT_TP_BTF },	     { "uprobe/", FEAT_UPROBES },
	{ "uretprobe/", FEAT_UPROBES },	     { "uprobe.s/", FEAT_UPROBES },
	{ "uretprobe.s/", FEAT_UPROBES },    { "usdt/", FEAT_UPROBES },
	{ "uprobe.multi/", FEAT_UPROBE_MULTI }, { "uretprobe.multi/", FEAT_UPROBE_MULTI },
	{ "kprobe/", FEAT_KPROBES },	     { "kretprobe/", FEAT_KPROBES },
	{ "ksyscall/", FEAT_KPROBES },	     { "kretsyscall/", FEAT_KPROBES },
	{ "kprobe.multi/", FEAT_KPROBE_MULTI }, { "kretprobe.multi/", FEAT_KPROBE_MULTI },
	{ "fentry/", FEAT_FENTRY },	     { "fexit/", FEAT_FENTRY },
	{ "fmod_ret/", FEAT_FENTRY },	     { "fentry.s/", FEAT_FENTRY },
	{ "fexit.s/", FEAT_FENTRY },
};

#define SECTION_LIST "tracepoint/, tp/, raw_tp/, tp_btf/, uprobe/, uretprobe/, usdt/, kprobe/, kretprobe/, fentry/, fexit/"

/* libbpf's last line without its own "libbpf: ", for quoting. */
static const char *libbpf_said(void)
{
	const char *last = log_last_libbpf();
	return strncmp(last, "libbpf: ", 8) ? last : last + 8;
}

/* What the file is when it is not a BPF object: 0 or -EINVAL, printed. */
static int check_elf(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_err("cannot open %s: %s", path, strerror(errno));
		return -errno;
	}
	Elf64_Ehdr h;
	ssize_t n = read(fd, &h, sizeof(h));
	close(fd);
	if (n < 0) {
		log_err("cannot read %s: %s", path, strerror(errno));
		return -EIO;
	}
	if (n < SELFMAG || memcmp(h.e_ident, ELFMAG, SELFMAG)) {
		log_err("%s is not an ELF file (a BPF object is made by clang -target bpf -c)", path);
		return -EINVAL;
	}
	if (n < (ssize_t)sizeof(h) || h.e_ident[EI_CLASS] != ELFCLASS64) {
		log_err("%s is a malformed or truncated ELF file, not a 64-bit BPF object", path);
		return -EINVAL;
	}
	if (h.e_machine != EM_BPF) {
		log_err("%s is an ELF file for another machine (%u), not a BPF object (clang -target bpf)", path,
			h.e_machine);
		return -EINVAL;
	}
	if (h.e_type != ET_REL) {
		log_err("%s is not a relocatable BPF object (clang -target bpf -c)", path);
		return -EINVAL;
	}
	return 0;
}

/* 0 when prog's section is one run attaches and the kernel has its
 * mechanism; else -EOPNOTSUPP, printed. */
static int check_section(const char *path, const struct bpf_program *prog)
{
	const char *sec = bpf_program__section_name(prog), *name = bpf_program__name(prog);
	for (size_t i = 0; i < sizeof(sections) / sizeof(*sections); i++) {
		size_t n = strlen(sections[i].prefix);
		if (strncmp(sec, sections[i].prefix, n))
			continue;
		if (!sec[n]) {
			log_err("cannot attach program %s: section %s names nothing to attach to", name, sec);
			return -EINVAL;
		}
		enum feature f = sections[i].need;
		/* As core/probe.c: every kernel with BTF in sysfs has tp_btf. */
		if (f == FEAT_TP_BTF && !feature_disabled_by_env(f))
			f = FEAT_BTF;
		if (!feature_has(f)) {
			log_err("cannot attach program %s (%s): %s: %s", name, sec, feature_name(f), feature_reason(f));
			return -EOPNOTSUPP;
		}
		if (sections[i].need == FEAT_TRACEPOINTS && !tracefs_path()) {
			log_err("cannot attach program %s (%s): tracefs cannot be mounted (%s): mount -t tracefs tracefs /sys/kernel/tracing",
				name, sec, strerror(errno));
			return -EOPNOTSUPP;
		}
		return 0;
	}
	log_err("cannot attach program %s of %s: section %s is not one bpfkit run attaches (%s)", name, path, sec,
		SECTION_LIST);
	return -EOPNOTSUPP;
}

int userobj_open(struct userobj *u, const char *path)
{
	*u = (struct userobj){ .path = path };
	int err = check_elf(path);
	if (err)
		return err;
	u->obj = bpf_object__open_file(path, NULL);
	if (!u->obj) {
		err = -errno;
		char why[128];
		libbpf_strerror(err, why, sizeof(why));
		const char *last = libbpf_said();
		if (err == -LIBBPF_ERRNO__FORMAT || err == -LIBBPF_ERRNO__LIBELF)
			snprintf(why, sizeof(why), "a malformed or truncated BPF object");
		log_err("cannot open %s: %s%s%s%s", path, why, *last ? " (" : "", last, *last ? ")" : "");
		return err;
	}
	struct bpf_program *prog;
	int n = 0;
	bpf_object__for_each_program(prog, u->obj) {
		n++;
		err = check_section(path, prog);
		if (err)
			return err;
	}
	if (!n) {
		log_err("%s has no BPF programs (no function in a SEC(\"...\") section)", path);
		return -ENOENT;
	}
	return 0;
}

int userobj_set(struct userobj *u, const char *var, uint64_t val)
{
	struct tracer t = { .obj = u->obj };
	int err = tracer_set_rodata_uint(&t, var, val);
	if (err == -ENOENT || err == -EINVAL)
		log_err("%s has no const volatile integer variable %s", u->path, var);
	else if (err == -ERANGE)
		log_err("%llu does not fit %s's variable %s", (unsigned long long)val, u->path, var);
	return err;
}

int userobj_set_if(struct userobj *u, const char *var, uint64_t val)
{
	struct tracer t = { .obj = u->obj };
	int err = tracer_set_rodata_uint(&t, var, val);
	return err == -ENOENT ? 0 : err;
}

bool userobj_prints(const struct userobj *u)
{
	enum { HELPER_TRACE_PRINTK = 6, HELPER_TRACE_VPRINTK = 177 };
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, u->obj) {
		const struct bpf_insn *in = bpf_program__insns(prog);
		size_t n = bpf_program__insn_cnt(prog);
		for (size_t i = 0; in && i < n; i++)
			if (in[i].code == (BPF_JMP | BPF_CALL) && in[i].src_reg == 0 &&
			    (in[i].imm == HELPER_TRACE_PRINTK || in[i].imm == HELPER_TRACE_VPRINTK))
				return true;
	}
	return false;
}

int userobj_load(struct userobj *u)
{
	int err = tracer_check_privilege();
	if (err)
		return err;
	err = bpf_object__load(u->obj);
	if (err)
		tracer_explain_load_failure(err);
	return err;
}

int userobj_attach(struct userobj *u)
{
	int n = 0;
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, u->obj)
		n++;
	u->links = calloc(n, sizeof(*u->links));
	if (!u->links) {
		log_err("out of memory");
		return -ENOMEM;
	}
	bpf_object__for_each_program(prog, u->obj) {
		struct bpf_link *l = bpf_program__attach(prog);
		if (!l) {
			int err = -errno;
			const char *last = libbpf_said();
			log_err("cannot attach program %s (%s): %s%s%s%s", bpf_program__name(prog),
				bpf_program__section_name(prog), strerror(-err), *last ? " (" : "", last, *last ? ")" : "");
			for (int i = 0; i < u->nlinks; i++)
				bpf_link__destroy(u->links[i]);
			u->nlinks = 0;
			return err;
		}
		u->links[u->nlinks++] = l;
		if (loop_exiting)
			break;
	}
	return 0;
}

void userobj_close(struct userobj *u)
{
	for (int i = 0; i < u->nlinks; i++)
		bpf_link__destroy(u->links[i]);
	free(u->links);
	bpf_object__close(u->obj);
	*u = (struct userobj){ 0 };
}
