/* The probe specs of trace and argdist, parsed into a tree that the code
 * generator turns into BPF.  BCC's grammars:
 *
 *   trace:   [{p,r}]:[lib]:func[+off][(signature)] [(predicate)] ["format", args...]
 *            t:category:event [(predicate)] ["format", args...]
 *            u:lib[:provider]:probe [(predicate)] ["format", args...]
 *   argdist: {p,r,t,u}:{[lib],category}:func(signature)[:type[,type...][:expr[,expr...][:filter]]][#label]
 *
 * Errors are one line, naming what is wrong and where ("at column 12"). */
#ifndef BPFKIT_CORE_TRACESPEC_H
#define BPFKIT_CORE_TRACESPEC_H
#include "core/pattern.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ts_probe_kind {
	TS_KPROBE,	/* p::func */
	TS_KRETPROBE,	/* r::func */
	TS_UPROBE,	/* p:lib:func, lib:func */
	TS_URETPROBE,	/* r:lib:func */
	TS_TRACEPOINT,	/* t:cat:event */
	TS_USDT,	/* u:lib[:provider]:probe */
};

enum ts_node_kind {
	TN_NUM,		/* num */
	TN_STR,		/* str */
	TN_IDENT,	/* name: argN, a signature parameter, args (tracepoint) */
	TN_VAR,		/* $name, $entry(param) (name, then arg) */
	TN_MEMBER,	/* lhs->name or lhs.name (arrow) */
	TN_INDEX,	/* lhs[rhs] */
	TN_UNARY,	/* op lhs: ! - ~ * */
	TN_BINARY,	/* lhs op rhs */
	TN_CAST,	/* (type)lhs */
	TN_STRCMP,	/* STRCMP("lit", lhs) */
	TN_KADDR,	/* kaddr("name"): a kernel symbol's address (name) */
};

/* Binary and unary operators, by their text: "==", "&&", "!"... */
struct ts_node {
	enum ts_node_kind kind;
	char op[3];
	bool arrow;	/* TN_MEMBER: -> rather than . */
	bool user;	/* argN@user: the pointer is to user memory */
	bool constant;	/* TN_IDENT in capitals (GFP_ATOMIC, O_CREAT): a named
			 * constant, from BTF enums or bpfkit's table */
	uint64_t num;
	/* TN_NUM: its C type, as C gives it from the value, the base and the
	 * suffix (100 int, 0xffffffff unsigned int, 100UL unsigned long). */
	int num_size;
	bool num_signed;
	char *name;	/* TN_IDENT, TN_VAR, TN_MEMBER field, TN_CAST type, TN_STR text */
	struct ts_node *lhs, *rhs;
	int column;	/* where it starts in the spec, for errors (1-based) */
};

#define TS_MAX_PARAMS 6
#define TS_MAX_ARGS 8

struct ts_param {
	char *type; /* "struct timespec *" */
	char *name;
};

struct ts_probe {
	struct pattern loc; /* where, as every tool's grammar reads it */
	/* The compiler's view of loc (its strings, NULL where loc has ""): */
	enum ts_probe_kind kind;
	char *lib;	/* uprobe/usdt: library, program or path; tracepoint: category */
	char *provider; /* usdt */
	char *func;	/* function, event or probe name */
	uint64_t offset; /* func+0x12 */
	bool has_signature;
	int nparams;
	struct ts_param params[TS_MAX_PARAMS];
	/* trace */
	struct ts_node *predicate;
	char *format;
	int nargs;
	struct ts_node *args[TS_MAX_ARGS];
	/* argdist */
	int ntypes;
	char *types[TS_MAX_ARGS];
	int nexprs;
	struct ts_node *exprs[TS_MAX_ARGS];
	char *expr_text[TS_MAX_ARGS]; /* as written, for argdist's output */
	struct ts_node *filter;
	char *label;
};

/* Both return 0, or -EINVAL with a one-line message in err. */
int tracespec_parse_trace(const char *spec, struct ts_probe *out, char *err, size_t errlen);
int tracespec_parse_argdist(const char *spec, struct ts_probe *out, char *err, size_t errlen);
void tracespec_free(struct ts_probe *p);
/* r: and r:lib: probes, at a function's return. */
bool tracespec_is_return(const struct ts_probe *p);

/* The conversions a trace format may use: %d %u %x %ld %lu %lld %llu %llx
 * %hd %hu %c %s %K %U (and %%).  Returns how many arguments it consumes,
 * or -EINVAL with the message in err. */
int tracespec_format_args(const char *format, char *err, size_t errlen);

#endif
