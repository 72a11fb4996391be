/* inject: make kernel allocations fail where a call chain is met, as BCC's
 * inject, by kprobes that call bpf_override_return() on the kernel's
 * failure points (should_failslab, should_fail_bio, should_fail_alloc_page).
 * That helper exists only in kernels built with CONFIG_BPF_KPROBE_OVERRIDE
 * (which needs CONFIG_FUNCTION_ERROR_INJECTION): this host's 6.18 has no
 * kprobes, and Debian's 5.10, 6.1 and 6.12 have no function error
 * injection.  The tool checks the mode and its arguments, then says in one
 * line what the kernel lacks. */
#include "core/features.h"
#include "core/tool.h"
#include "probes/inject.skel.h"

#include <bpf/bpf.h>
#include <unistd.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char *const modes[][2] = {
	{ "kmalloc", "should_failslab" },
	{ "bio", "should_fail_bio" },
	{ "alloc_page", "should_fail_alloc_page" },
};
static const char *mode, *spec, *probability, *count;
static int fn = -1;

static const struct argp_option options[] = {
	{ "probability", 'P', "probability", 0, "probability that this call chain will fail", 0 },
	{ "count", 'c', "COUNT", 0, "Number of fails before bypassing the override", 0 },
	{ 0 },
};

/* A name as C spells it, up to the '(' (all of it when there is none). */
static bool is_identifier(const char *s, size_t n)
{
	const char *paren = memchr(s, '(', n);
	size_t len = paren ? (size_t)(paren - s) : n ? n - 1 : 0; /* BCC's func[:find('(')] */
	if (!len || !(isalpha((unsigned char)s[0]) || s[0] == '_'))
		return false;
	for (size_t i = 1; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_')
			return false;
	return true;
}

/* BCC's call chain grammar: frames 'func(args)(predicate)' joined by '=>',
 * each a function with an optional predicate, or a predicate alone (of
 * the failure point itself); its parser's errors, in its words.  The
 * predicates are C, which BCC compiles and bpfkit cannot: only their
 * parentheses are checked here, as BCC checks them. */
static const char *spec_error(const char *spec)
{
	size_t len = strlen(spec), last = 0, frame_start = 0;
	int depth = 0, parts = 0;
	for (size_t i = 0; i <= len; i++) {
		if (depth < 0)
			return "Check your parentheses";
		char c = spec[i]; /* the NUL at len ends the last frame */
		depth += (c == '(') - (c == ')');
		if (depth)
			continue;
		if (c == 0 || (c == '=' && spec[i + 1] == '>')) {
			if (!parts)
				return "Cannot parse spec, missing parens";
			/* The function: the first part, unless it is a predicate. */
			while (spec[frame_start] == ' ' || spec[frame_start] == '\t')
				frame_start++;
			if (spec[frame_start] != '(' || parts == 2) {
				const char *f = spec + frame_start;
				size_t n = strcspn(f, ")") + 1;
				if (!is_identifier(f, n))
					return "Invalid function identifier";
			}
			parts = 0;
			i++;
			frame_start = i + 1;
		} else if (c == ')') {
			parts++;
			last = i + 1;
		}
	}
	for (size_t i = last; i < len; i++)
		if (!isspace((unsigned char)spec[i]))
			return "Invalid characters found after last frame";
	return depth ? "Check your parentheses" : NULL;
}

static error_t parse(int key, char *arg, struct argp_state *state)
{
	char *end;
	switch (key) {
	case 'P':
		errno = 0;
		double p = strtod(arg, &end);
		if (errno || end == arg || *end || !(p >= 0 && p <= 1))
			return log_err("invalid probability '%s': a number from 0 to 1", arg), EINVAL;
		probability = arg;
		return 0;
	case 'c':
		errno = 0;
		long n = strtol(arg, &end, 10);
		if (errno || end == arg || *end || n < -1)
			return log_err("invalid count '%s': a number of fails (-1: no limit)", arg), EINVAL;
		count = arg;
		return 0;
	case ARGP_KEY_ARG:
		if (state->arg_num == 0) {
			for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
				if (!strcmp(arg, modes[i][0]))
					fn = i;
			if (fn < 0)
				return log_err("invalid mode '%s': kmalloc, bio or alloc_page", arg), EINVAL;
			mode = arg;
			return 0;
		}
		if (state->arg_num == 1) {
			const char *why = spec_error(arg);
			if (why)
				return log_err("invalid call chain '%s': %s", arg, why), EINVAL;
			return spec = arg, 0;
		}
		return log_err("unexpected argument '%s'", arg), EINVAL;
	case ARGP_KEY_END:
		if (!mode || !spec)
			return log_err("a mode (kmalloc, bio or alloc_page) and a call chain spec are needed"), EINVAL;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/* Whether the verifier takes bpf_override_return() in a kprobe program:
 * libbpf_probe_bpf_helper() says yes on Debian's 6.12, which has no such
 * helper, so the program is loaded here. */
static bool has_override_return(void)
{
	const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = -12 },
		{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_override_return },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_KPROBE, NULL, "GPL", insns, 4, NULL);
	if (fd < 0)
		return false;
	close(fd);
	return true;
}

static int configure(struct tracer *t)
{
	(void)t;
	const char *func = modes[fn][1];
	if (!feature_has(FEAT_KPROBES))
		return log_err("cannot inject errors into %s(): kprobes: %s", func, feature_reason(FEAT_KPROBES)), -EOPNOTSUPP;
	if (!has_override_return())
		return log_err("cannot inject errors into %s(): this kernel has no bpf_override_return (built without "
			       "CONFIG_BPF_KPROBE_OVERRIDE and CONFIG_FUNCTION_ERROR_INJECTION)",
			       func),
		       -EOPNOTSUPP;
	return log_err("this kernel can override %s(), but bpfkit's inject has no implementation yet (none of the kernels "
		       "it is tested on has CONFIG_BPF_KPROBE_OVERRIDE)",
		       func),
	       -EOPNOTSUPP;
}

DECLARE_TOOL(inject, .category = "kernel", .summary = "Fail specified kernel functionality when call chain and predicates are met",
	     .shape = TOOL_EVENTS, .options = options, .parse = parse, .args_doc = "{kmalloc,bio,alloc_page} spec",
	     .configure = configure,
	     .examples = "  inject kmalloc 'SyS_mount()'            # fail all calls to syscall mount\n"
			 "  inject kmalloc 'mount_subtree() => btrfs_mount()'  # fail btrfs mounts only\n"
			 "  inject kmalloc -P 0.01 'SyS_mount()'    # fail calls to mount with 1% probability");
