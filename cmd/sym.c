/* bpfkit sym: the stack tools' symbolizer on the command line, as
 * addr2line: an ELF file's addresses (-e), a live process's (-p) or the
 * kernel's (-k), with functions, inline chains and file:line.  The text
 * output is eu-addr2line's, so scripts and tests can compare the two. */
#include "core/args.h"
#include "core/elfsyms.h"
#include "core/kallsyms.h"
#include "core/log.h"
#include "core/output.h"
#include "core/privilege.h"
#include "core/tool.h"
#include "histo/histo.h"
#include "histo/json.h"
#include "symbolize/cfitable.h"
#include "symbolize/symbolize.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { OPT_JSON = 0x100, OPT_DEBUGINFO, OPT_UNWIND };

static struct {
	const char *exe;
	pid_t pid;
	bool kernel, unwind, addresses, functions, inlines, demangle, basenames, names;
	const char *debuginfo;
	char **addrs;
	int naddrs;
} o;

static const struct tool_option options[] = {
	OPT_STRING('e', "executable", "FILE", &o.exe, "Addresses are FILE's own virtual addresses"),
	OPT_PID('p', "pid", "PID", "PID", &o.pid, "Addresses are in process PID's address space"),
	OPT_FLAG('k', "kernel", &o.kernel, "Addresses are kernel addresses (/proc/kallsyms)"),
	OPT_FLAG('a', "addresses", &o.addresses, "Print each address before its frames"),
	OPT_FLAG('f', "functions", &o.functions, "Print function names too"),
	OPT_FLAG('i', "inlines", &o.inlines, "Print the chain of inlined calls at each address"),
	OPT_FLAG('C', "demangle", &o.demangle, "Demangle C++ and Rust names"),
	OPT_FLAG('s', "basenames", &o.basenames, "Print only the base name of source files"),
	OPT_FLAG('N', "names", &o.names, "The arguments are symbol names, even those that read as hexadecimal numbers"),
	OPT_SET(OPT_JSON, "json", (int *)&output_mode, OUTPUT_JSON, "One JSON object per address"),
	OPT_FLAG(OPT_UNWIND, "unwind-table", &o.unwind,
		 "Print FILE's unwind table (from its call frame information) instead: every row, or the rows holding the addresses given"),
	OPT_STRING(OPT_DEBUGINFO, "debuginfo-path", "PATH", &o.debuginfo,
		   "Colon-separated roots of separate debug files (default /usr/lib/debug)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case ARGP_KEY_ARG:
		o.addrs = &state->argv[state->next - 1];
		o.naddrs = state->argc - state->next + 1;
		state->next = state->argc;
		return 0;
	case ARGP_KEY_END:
		if ((o.exe != NULL) + (o.pid > 0) + o.kernel != 1) {
			log_err("give exactly one of -e FILE, -p PID or -k");
			return EINVAL;
		}
		if (o.unwind && !o.exe) {
			log_err("--unwind-table reads a file's call frame information: give it with -e FILE");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}


static const char *file_name(const char *f)
{
	if (!f)
		return "??";
	if (o.basenames) {
		const char *slash = strrchr(f, '/');
		return slash ? slash + 1 : f;
	}
	return f;
}

static void print_location(const struct sym_frame *f)
{
	if (!f->file || !f->line)
		printf("??:0\n");
	else if (f->column)
		printf("%s:%u:%u\n", file_name(f->file), f->line, f->column);
	else
		printf("%s:%u\n", file_name(f->file), f->line);
}

static void print_text(const struct sym_frame *f, int n)
{
	if (o.kernel) {
		if (!f[0].name)
			printf("??\n");
		else if (f[0].module)
			printf("%s+0x%" PRIx64 " [%s]\n", f[0].name, f[0].offset, f[0].module);
		else
			printf("%s+0x%" PRIx64 "\n", f[0].name, f[0].offset);
		return;
	}
	if (o.functions) {
		printf("%s", f[0].name ? f[0].name : "??");
		if (f[0].inlined && n > 1) {
			/* eu-addr2line's first line: where the innermost call
			 * was inlined, and into which real function. */
			const struct sym_frame *site = &f[1];
			printf(" inlined");
			if (site->file && !site->line)
				printf(" from %s", file_name(site->file));
			else if (site->file && !site->column)
				printf(" at %s:%u", file_name(site->file), site->line);
			else if (site->file)
				printf(" at %s:%u:%u", file_name(site->file), site->line, site->column);
			/* eu-addr2line names the symbol here, not DWARF's
			 * function: "in f.isra.0". */
			printf(" in %s", f[n - 1].symbol ? f[n - 1].symbol : "??");
		}
		printf("\n");
	}
	print_location(&f[0]);
	for (int i = 1; o.inlines && i < n; i++) {
		if (o.functions)
			printf("%s\n", f[i].name ? f[i].name : "??");
		print_location(&f[i]);
	}
}

static void print_json(uint64_t addr, const struct sym_frame *f, int n)
{
	char hex[24];
	struct json j;
	json_init(&j, stdout, true);
	json_object(&j, NULL);
	snprintf(hex, sizeof(hex), "0x%" PRIx64, addr);
	json_str(&j, "address", hex);
	json_array(&j, "frames");
	for (int i = 0; i < n; i++) {
		json_object(&j, NULL);
		if (f[i].name)
			json_str(&j, "function", f[i].name);
		else
			json_null(&j, "function");
		json_u64(&j, "offset", f[i].offset);
		json_bool(&j, "inlined", f[i].inlined);
		if (f[i].file) {
			json_str(&j, "file", file_name(f[i].file));
			json_u64(&j, "line", f[i].line);
			json_u64(&j, "column", f[i].column);
		}
		if (f[i].module)
			json_str(&j, "module", f[i].module);
		json_close(&j);
	}
	json_line_end(&j);
}

static void print_addr(const char *name, uint64_t addr, const char *where)
{
	if (output_mode == OUTPUT_JSON) {
		struct json j;
		json_init(&j, stdout, true);
		json_object(&j, NULL);
		json_str(&j, "name", name);
		char hex[24];
		snprintf(hex, sizeof(hex), "0x%" PRIx64, addr);
		json_str(&j, "address", hex);
		if (*where)
			json_str(&j, o.kernel ? "module" : "file", where);
		json_line_end(&j);
		return;
	}
	/* As /proc/kallsyms shows a module: [ext4]. */
	printf("0x%016" PRIx64 " %s%s%s%s%s\n", addr, name, *where ? " " : "", o.kernel && *where ? "[" : "", where,
	       o.kernel && *where ? "]" : "");
}

/* The other way (BCC's ksymname, and its usymaddr through a process): a
 * name to each address it has, one line each. */
static int by_name(const char *name)
{
	enum { MAX = 64 };
	int n;
	if (o.kernel) {
		unsigned long long a[MAX];
		char mods[MAX][64];
		n = kallsyms_addrs(name, a, mods, MAX);
		for (int i = 0; i < n; i++) {
			print_addr(name, a[i], mods[i]);
		}
	} else {
		struct sym_addr a[MAX];
		n = o.exe ? elf_symbol_addrs(o.exe, name, a, MAX) : proc_symbol_addrs(o.pid, name, a, MAX);
		for (int i = 0; i < n; i++)
			print_addr(name, a[i].addr, o.exe ? "" : a[i].file);
	}
	if (n < 0) {
		log_err("cannot look up '%s': %s", name, strerror(-n));
		return n;
	}
	if (!n) {
		if (o.kernel)
			log_err("no kernel symbol '%s' in /proc/kallsyms", name);
		else if (o.exe)
			log_err("no function or variable '%s' in %s's symbol tables", name, o.exe);
		else
			log_err("no function or variable '%s' in the files process %d maps", name, o.pid);
		return -ENOENT;
	}
	return 0;
}

static int one(struct symbolizer *s, const char *text)
{
	char *end;
	errno = 0;
	uint64_t addr = strtoull(text, &end, 16);
	if (o.names || errno || end == text || *end) {
		/* Not a number: a symbol's name, if it can be one. */
		bool name = *text && !isdigit((unsigned char)*text);
		for (const char *c = text; name && *c; c++)
			name = isalnum((unsigned char)*c) || strchr("_.$@", *c);
		if (!name) {
			log_err("invalid address '%s': expected a hexadecimal number or a symbol's name", text);
			return -EINVAL;
		}
		return by_name(text);
	}
	struct sym_frame f[64];
	int n = o.kernel ? sym_kernel(s, addr, f, 64)
	      : o.exe	 ? sym_elf(s, o.exe, addr, f, 64)
			 : sym_user(s, o.pid, addr, f, 64);
	if (output_mode == OUTPUT_JSON) {
		print_json(addr, f, n);
		return 0;
	}
	if (o.addresses)
		printf("0x%016" PRIx64 "\n", addr);
	print_text(f, n);
	return 0;
}

/* What the addresses are to be looked up in must be readable and what it
 * says it is: otherwise every address would print "??" with exit 0, which
 * reads as "no symbol there". */
static int check_source(void)
{
	if (o.exe) {
		unsigned char magic[4] = { 0 };
		FILE *f = fopen(o.exe, "re");
		if (!f) {
			log_err("cannot read %s: %s", o.exe, strerror(errno));
			return -errno;
		}
		size_t n = fread(magic, 1, sizeof(magic), f);
		fclose(f);
		if (n != sizeof(magic) || memcmp(magic, "\177ELF", 4)) {
			log_err("%s: not an ELF file", o.exe);
			return -ENOEXEC;
		}
	} else if (o.kernel) {
		const char *why = priv_kernel_addrs_missing();
		if (why) {
			log_err("%s", why);
			return -EACCES;
		}
	} else {
		int err = priv_proc_readable(o.pid);
		if (err) {
			const char *why = priv_proc_missing(-err);
			log_err("cannot read process %d: %s", o.pid, why ? why : strerror(-err));
			return err;
		}
	}
	return 0;
}

static const char *const cfa_base[] = { [CFI_CFA_RSP] = "rsp", [CFI_CFA_RBP] = "rbp", [CFI_CFA_PLT] = "rsp" };

static void print_row(const struct cfi_table *t, size_t i)
{
	const struct cfi_row *r = &t->rows[i];
	uint64_t end = cfi_row_end(t, i);
	bool rules = r->cfa_kind == CFI_CFA_RSP || r->cfa_kind == CFI_CFA_RBP || r->cfa_kind == CFI_CFA_PLT;
	static const char *const kind[] = { "none", "rsp", "rbp", "plt", "end", "signal", "unsupported" };
	static const char *const rbp[] = { "same", "cfa", "undefined", "unsupported" };
	if (output_mode == OUTPUT_JSON) {
		char hex[24];
		struct json j;
		json_init(&j, stdout, true);
		json_object(&j, NULL);
		snprintf(hex, sizeof(hex), "0x%" PRIx64, r->start);
		json_str(&j, "start", hex);
		snprintf(hex, sizeof(hex), "0x%" PRIx64, end);
		json_str(&j, "end", hex);
		json_str(&j, "cfa", kind[r->cfa_kind]);
		if (rules) {
			json_i64(&j, "cfa_offset", r->cfa_off);
			if (r->cfa_kind == CFI_CFA_PLT)
				json_u64(&j, "plt_min", (unsigned)r->plt_min);
			json_i64(&j, "ra_offset", -8);
			json_str(&j, "rbp", rbp[r->rbp_kind]);
			if (r->rbp_kind == CFI_RBP_CFA)
				json_i64(&j, "rbp_offset", r->rbp_off);
		}
		json_line_end(&j);
		return;
	}
	printf("0x%" PRIx64 "-0x%" PRIx64 " cfa=", r->start, end);
	if (!rules) {
		printf("%s\n", kind[r->cfa_kind]);
		return;
	}
	if (r->cfa_kind == CFI_CFA_PLT)
		printf("plt(rsp%+d,%u)", r->cfa_off, (unsigned)r->plt_min);
	else
		printf("%s%+d", cfa_base[r->cfa_kind], r->cfa_off);
	printf(" ra=cfa-8");
	if (r->rbp_kind == CFI_RBP_CFA)
		printf(" rbp=cfa%+d\n", r->rbp_off);
	else
		printf(" rbp=%s\n", rbp[r->rbp_kind]);
}

/* --unwind-table: the rows the BPF unwinder will be given for -e FILE,
 * holes (code no FDE covers) left out of the listing, and a summary. */
static int unwind_table(void)
{
	struct cfi_table_opts co = { .debuginfo_path = o.debuginfo };
	struct cfi_table t;
	char why[256];
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int err = cfi_table_build(o.exe, &co, &t, why, sizeof(why));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err) {
		log_err("%s: no unwind table: %s", o.exe, why);
		return 1;
	}
	bool bad = false;
	for (int i = 0; i < o.naddrs; i++) {
		char *end;
		errno = 0;
		uint64_t addr = strtoull(o.addrs[i], &end, 16);
		const struct cfi_row *r = errno || end == o.addrs[i] || *end ? NULL : cfi_table_find(&t, addr);
		if (r && r->cfa_kind != CFI_CFA_NONE) {
			print_row(&t, r - t.rows);
			continue;
		}
		if (r || (end != o.addrs[i] && !*end && !errno))
			log_err("%s: no call frame information covers 0x%" PRIx64, o.exe, addr);
		else
			log_err("invalid address '%s': expected a hexadecimal number", o.addrs[i]);
		bad = true;
	}
	for (size_t i = 0; !o.naddrs && i < t.nrows; i++)
		if (t.rows[i].cfa_kind != CFI_CFA_NONE)
			print_row(&t, i);
	double ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	size_t bytes = t.nrows * sizeof(struct cfi_row);
	if (output_mode == OUTPUT_JSON) {
		struct json j;
		json_init(&j, stdout, true);
		json_object(&j, NULL);
		json_object(&j, "summary");
		json_u64(&j, "rows", t.nrows);
		json_u64(&j, "holes", t.holes);
		json_u64(&j, "unsupported", t.unsupported);
		json_u64(&j, "fdes", t.fdes);
		json_u64(&j, "bytes", bytes);
		json_str(&j, "source", t.source);
		json_u64(&j, "build_us", (uint64_t)(ms * 1000));
		json_line_end(&j);
	} else if (!o.naddrs) {
		printf("%zu rows (%zu holes, %zu unsupported), %zu FDEs, %zu bytes, from %s in %.1f ms\n", t.nrows,
		       t.holes, t.unsupported, t.fdes, bytes, t.source, ms);
	}
	cfi_table_free(&t);
	return bad ? 1 : 0;
}

static int sym_main(int argc, char **argv)
{
	if (tool_parse_plain("sym", argc, argv))
		return 2;
	if (check_source())
		return 1;
	if (o.unwind)
		return unwind_table();
	struct symbolizer_opts so = { .dwarf = true, .inlines = true, .dwarf_names = true,
				      .demangle = o.demangle, .debuginfo_path = o.debuginfo, .note = log_debug };
	struct symbolizer *s = symbolizer_new(&so);
	if (!s)
		return 1;
	/* A bad address is reported and skipped, as eu-addr2line does, so one
	 * stray line in a long list does not lose the rest; the exit status
	 * still says something was wrong. */
	bool bad = false;
	if (o.pid > 0)
		sym_preload(s, o.pid);
	for (int i = 0; i < o.naddrs; i++)
		bad |= one(s, o.addrs[i]) < 0;
	if (!o.naddrs) {
		char *line = NULL;
		size_t cap = 0;
		while (getline(&line, &cap, stdin) > 0) {
			line[strcspn(line, " \t\r\n")] = 0;
			if (*line)
				bad |= one(s, line) < 0;
			fflush(stdout);
		}
		free(line);
	}
	symbolizer_free(s);
	return bad ? 1 : 0;
}

BPFKIT_TOOL(sym, .name = "sym", .category = "bpfkit",
	    .summary = "Turn addresses into functions and source lines, and names into addresses (addr2line for bpfkit's symbolizer)",
	    .main = sym_main, .builtin = 1,
	    .bound = options, .parse = parse, .args_doc = "ADDR...", .groups = TOOL_GROUPS_HELP_VERBOSE, .doc =
		"Turn addresses into functions, inlined calls and source lines, as the stack tools do "
		"(addresses are read from standard input when none are given); and symbol names into "
		"their addresses.\v"
		"Examples:\n"
		"  bpfkit sym -e /usr/bin/python3 -f -i 0x2bc1f0\n"
		"  bpfkit sym -p 1234 -f 0x7f3a1c2d4e10\n"
		"  bpfkit sym -k 0xffffffff81234567\n"
		"  bpfkit sym -k vfs_read            # the address of a kernel function\n"
		"  bpfkit sym -p 1234 malloc         # where malloc is in process 1234\n"
		"  bpfkit sym --unwind-table -e /lib/x86_64-linux-gnu/libc.so.6");
