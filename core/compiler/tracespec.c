#include "core/compiler/tracespec.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How deep brackets, casts and unary operators may nest: the parser and
 * the code generator recurse that deep (100,000 '(' overflowed the stack). */
#define MAX_NESTING 64
/* The nodes of a probe's expressions: code generation also recurses down
 * a chain (1+1+...+1 is as deep as it is long). */
#define MAX_NODES 1024

/* The parse of one spec: where we are, and the first error. */
struct parser {
	const char *s;
	size_t pos, end;
	const struct ts_probe *probe; /* names an expression may use */
	bool argdist;
	char *err;
	size_t errlen;
	bool failed;
	int depth, nodes;
};

static int fail(struct parser *p, size_t at, const char *fmt, ...)
{
	if (p->failed)
		return -EINVAL;
	p->failed = true;
	va_list ap;
	va_start(ap, fmt);
	char msg[256];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "%s at column %zu of '%s'", msg, at + 1, p->s);
	return -EINVAL;
}

/* A string literal's bytes, C escapes decoded (\n \t \r \\ \" \' \xHH and
 * octal \NNN), NUL-terminated; *len counts them (a \0 inside included).
 * NULL with *bad set at a bad escape. */
static char *unescape(const char *s, size_t a, size_t b, size_t *len, size_t *bad)
{
	char *r = malloc(b - a + 1);
	size_t n = 0;
	*bad = 0;
	for (size_t i = a; r && i < b; i++) {
		if (s[i] != '\\') {
			r[n++] = s[i];
			continue;
		}
		const char *simple = "n\nt\tr\r\\\\\"\"''a\ab\bf\fv\v";
		char e = ++i < b ? s[i] : 0;
		const char *m = e ? strchr(simple, e) : NULL;
		if (m && (m - simple) % 2 == 0) {
			r[n++] = m[1];
		} else if (e == 'x' && i + 1 < b && isxdigit((unsigned char)s[i + 1])) {
			unsigned v = 0;
			for (int k = 0; k < 2 && i + 1 < b && isxdigit((unsigned char)s[i + 1]); k++, i++)
				v = v * 16 + (unsigned)(isdigit((unsigned char)s[i + 1]) ? s[i + 1] - '0'
									   : (tolower((unsigned char)s[i + 1]) - 'a' + 10));
			r[n++] = (char)v;
		} else if (e >= '0' && e <= '7') {
			unsigned v = (unsigned)(e - '0');
			for (int k = 0; k < 2 && i + 1 < b && s[i + 1] >= '0' && s[i + 1] <= '7'; k++, i++)
				v = v * 8 + (unsigned)(s[i + 1] - '0');
			r[n++] = (char)v;
		} else {
			*bad = i - 1;
			free(r);
			return NULL;
		}
	}
	if (r)
		r[n] = 0;
	*len = n;
	return r;
}

static char *dup_range(const char *s, size_t a, size_t b)
{
	while (a < b && isspace((unsigned char)s[a]))
		a++;
	while (b > a && isspace((unsigned char)s[b - 1]))
		b--;
	char *r = malloc(b - a + 1);
	if (r) {
		memcpy(r, s + a, b - a);
		r[b - a] = 0;
	}
	return r;
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->end && isspace((unsigned char)p->s[p->pos]))
		p->pos++;
}

static bool at(struct parser *p, const char *tok)
{
	skip_ws(p);
	size_t n = strlen(tok);
	return p->pos + n <= p->end && !strncmp(p->s + p->pos, tok, n);
}

static bool take(struct parser *p, const char *tok)
{
	if (!at(p, tok))
		return false;
	p->pos += strlen(tok);
	return true;
}

/* s[i] opens a string ("...") or a character literal ('.'): the index of
 * its closing quote (a backslash escapes what follows it), or end when it
 * has none. */
static size_t skip_quoted(const char *s, size_t i, size_t end)
{
	char q = s[i];
	for (i++; i < end && s[i] != q; i++)
		if (s[i] == '\\' && ++i == end)
			break;
	return i < end ? i : end;
}

/* Before anything in s[a, b) is split at its commas, colons or brackets:
 * every string and character literal is closed and every bracket closed by
 * its own kind, so that no splitter runs off the end and drops what
 * follows (an unterminated "..." in argdist's filter dropped the filter). */
static int check_tokens(struct parser *p, size_t a, size_t b)
{
	char want[MAX_NESTING];
	size_t open[MAX_NESTING];
	int depth = 0;
	for (size_t i = a; i < b; i++) {
		char c = p->s[i];
		if (c == '"' || c == '\'') {
			size_t close = skip_quoted(p->s, i, b);
			if (close == b)
				return fail(p, i, c == '"' ? "unterminated string" : "unterminated character literal");
			i = close;
		} else if (c == '(' || c == '[') {
			if (depth == MAX_NESTING)
				return fail(p, i, "brackets nested more than %d deep", MAX_NESTING);
			want[depth] = c == '(' ? ')' : ']';
			open[depth++] = i;
		} else if (c == ')' || c == ']') {
			if (!depth)
				return fail(p, i, "'%c' closes nothing", c);
			if (want[depth - 1] != c)
				return fail(p, i, "'%c' cannot close the '%c' of column %zu ('%c' expected)", c,
					    want[depth - 1] == ')' ? '(' : '[', open[depth - 1] + 1, want[depth - 1]);
			depth--;
		}
	}
	if (depth)
		return fail(p, open[depth - 1], "'%c' is never closed", want[depth - 1] == ')' ? '(' : '[');
	return 0;
}

/* The index of the bracket closing the one at open, skipping strings and
 * character literals, or end when unbalanced. */
static size_t closing(const char *s, size_t open, size_t end)
{
	int depth = 0;
	for (size_t i = open; i < end; i++) {
		char c = s[i];
		if (c == '"' || c == '\'') {
			i = skip_quoted(s, i, end);
			if (i >= end)
				return end;
		} else if (c == '(' || c == '[') {
			depth++;
		} else if (c == ')' || c == ']') {
			if (--depth == 0)
				return i;
		}
	}
	return end;
}

/* ------------------------------------------------------------ expressions */

static struct ts_node *node(struct parser *p, enum ts_node_kind k, size_t col)
{
	if (++p->nodes > MAX_NODES) {
		fail(p, col, "more than %d operators and operands in the probe's expressions", MAX_NODES);
		return NULL;
	}
	struct ts_node *n = calloc(1, sizeof(*n));
	if (!n) {
		fail(p, col, "out of memory");
		return NULL;
	}
	n->kind = k;
	n->column = (int)col + 1;
	return n;
}

static void free_node(struct ts_node *n)
{
	if (!n)
		return;
	free_node(n->lhs);
	free_node(n->rhs);
	free(n->name);
	free(n);
}

static struct ts_node *expr(struct parser *p);

static bool ident_char(char c, bool first)
{
	return c == '_' || isalpha((unsigned char)c) || (!first && isdigit((unsigned char)c));
}

static char *ident(struct parser *p)
{
	skip_ws(p);
	size_t a = p->pos;
	if (a >= p->end || !ident_char(p->s[a], true))
		return NULL;
	while (p->pos < p->end && ident_char(p->s[p->pos], false))
		p->pos++;
	return dup_range(p->s, a, p->pos);
}

static const char *const type_words[] = { "char", "short", "int", "long", "unsigned", "signed", "void", "float",
					  "double", "struct", "union", "enum", "const", "volatile", "bool", "_Bool",
					  "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "__u8", "__u16",
					  "__u32", "__u64", "__s8", "__s16", "__s32", "__s64", NULL };

static bool type_word(const char *w, size_t n)
{
	for (int i = 0; type_words[i]; i++)
		if (strlen(type_words[i]) == n && !strncmp(type_words[i], w, n))
			return true;
	return n > 2 && !strncmp(w + n - 2, "_t", 2); /* size_t, pid_t, gfp_t */
}

/* "(type *)" ahead: words starting with a type word, stars, then ')'. */
static size_t cast_ahead(struct parser *p)
{
	size_t i = p->pos + 1, words = 0;
	const char *s = p->s;
	while (i < p->end) {
		while (i < p->end && isspace((unsigned char)s[i]))
			i++;
		if (i < p->end && ident_char(s[i], true)) {
			size_t a = i;
			while (i < p->end && ident_char(s[i], false))
				i++;
			if (!words && !type_word(s + a, i - a))
				return 0;
			words++;
		} else if (i < p->end && s[i] == '*') {
			if (!words)
				return 0;
			i++;
		} else {
			break;
		}
	}
	return words && i < p->end && s[i] == ')' ? i : 0;
}

static bool known_var(struct parser *p, const char *name)
{
	static const char *const trace_vars[] = { "uid", "gid", "pid", "tgid", "cpu", "task", NULL };
	static const char *const argdist_vars[] = { "retval", "entry", "latency", "PID", "COMM", NULL };
	for (int i = 0; trace_vars[i]; i++)
		if (!strcmp(name, trace_vars[i]))
			return true;
	for (int i = 0; p->argdist && argdist_vars[i]; i++)
		if (!strcmp(name, argdist_vars[i]))
			return true;
	return false;
}

bool tracespec_is_return(const struct ts_probe *pr)
{
	return pr->kind == TS_KRETPROBE || pr->kind == TS_URETPROBE;
}

static const struct ts_param *param(const struct ts_probe *pr, const char *name)
{
	for (int i = 0; i < pr->nparams; i++)
		if (!strcmp(pr->params[i].name, name))
			return &pr->params[i];
	return NULL;
}

/* Names an expression may use, checked against the probe they run in. */
static struct ts_node *check_ident(struct parser *p, struct ts_node *n)
{
	const struct ts_probe *pr = p->probe;
	const char *name = n->name;
	size_t col = n->column - 1;
	if (!strncmp(name, "arg", 3) && isdigit((unsigned char)name[3]) && !name[4]) {
		if (name[3] < '1' || name[3] > '6')
			fail(p, col, "'%s': arguments are arg1 to arg6", name);
		else if (pr->kind == TS_TRACEPOINT)
			fail(p, col, "'%s' on a tracepoint: use args->FIELD", name);
	} else if (!strcmp(name, "retval")) {
		if (!tracespec_is_return(pr))
			fail(p, col, "'retval' needs a return probe (r:)");
	} else if (!strcmp(name, "args")) {
		if (pr->kind != TS_TRACEPOINT)
			fail(p, col, "'args' is for tracepoints (t:category:event)");
	} else if (!param(pr, name)) {
		bool caps = true;
		for (const char *c = name; *c; c++)
			caps &= isupper((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_';
		if (caps && isupper((unsigned char)name[0]))
			n->constant = true;
		else
			fail(p, col, "unknown name '%s' (arg1..arg6, retval, args, $var, a signature parameter or "
				     "a CONSTANT)",
			     name);
	}
	if (p->failed) {
		free_node(n);
		return NULL;
	}
	return n;
}

/* An integer constant's type by C's rules (LP64: long and long long are
 * both 8 bytes): the first of int, unsigned int (not for decimal), long,
 * unsigned long (not for decimal) that holds it, starting at unsigned with
 * a u suffix and at long with an l; a decimal too big for long is unsigned
 * long, as GCC and clang make it. */
static void literal_type(uint64_t v, bool decimal, int nu, int nl, struct ts_node *n)
{
	bool fits_int = v <= INT32_MAX, fits_uint = v <= UINT32_MAX, fits_long = v <= INT64_MAX;
	n->num_size = 8;
	n->num_signed = false;
	if (!nl && !nu && fits_int)
		n->num_size = 4, n->num_signed = true;
	else if (!nl && fits_uint && (nu || !decimal))
		n->num_size = 4;
	else if (!nu && fits_long)
		n->num_signed = true;
}

static struct ts_node *primary(struct parser *p)
{
	skip_ws(p);
	size_t col = p->pos;
	if (p->pos >= p->end)
		return fail(p, col, "expression expected"), NULL;
	char c = p->s[p->pos];
	if (c == '(') {
		p->pos++;
		struct ts_node *e = expr(p);
		if (!e)
			return NULL;
		if (!take(p, ")")) {
			free_node(e);
			return fail(p, p->pos, "')' expected"), NULL;
		}
		return e;
	}
	if (isdigit((unsigned char)c)) {
		char *end;
		errno = 0;
		unsigned long long v = strtoull(p->s + p->pos, &end, 0);
		/* Suffixes u, l, ll (not lL) in either order. */
		char sfx[4] = "";
		int nu = 0, nl = 0, ns = 0;
		for (; ns < 3 && strchr("uUlL", *end) && *end; end++) {
			sfx[ns++] = *end;
			*end == 'u' || *end == 'U' ? nu++ : nl++;
		}
		bool ll_ok = nl < 2 || strstr(sfx, "ll") || strstr(sfx, "LL");
		if (errno || nu > 1 || nl > 2 || !ll_ok || ident_char(*end, false))
			return fail(p, col, "bad number"), NULL;
		struct ts_node *n = node(p, TN_NUM, col);
		if (n) {
			n->num = v;
			literal_type(v, c != '0', nu, nl, n);
		}
		p->pos = end - p->s;
		return n;
	}
	if (c == '"') {
		size_t a = ++p->pos;
		while (p->pos < p->end && p->s[p->pos] != '"')
			p->pos += p->s[p->pos] == '\\' ? 2 : 1;
		if (p->pos >= p->end)
			return fail(p, col, "unterminated string"), NULL;
		size_t len, bad;
		char *text = unescape(p->s, a, p->pos, &len, &bad);
		if (!text)
			return fail(p, bad ? bad : col, "bad escape in a string (\\n \\t \\\\ \\\" \\xHH \\NNN)"), NULL;
		struct ts_node *n = node(p, TN_STR, col);
		if (n) {
			n->name = text;
			n->num = len;
		} else {
			free(text);
		}
		p->pos++;
		return n;
	}
	if (c == '\'') {
		/* A character constant is an int, as in C: 'A' is 65, '\xff' -1
		 * (char is signed on x86_64). */
		size_t close = skip_quoted(p->s, p->pos, p->end);
		if (close == p->end)
			return fail(p, col, "unterminated character literal"), NULL;
		size_t len, bad;
		char *text = unescape(p->s, p->pos + 1, close, &len, &bad);
		if (!text)
			return fail(p, bad ? bad : col, "bad escape in a character literal (\\n \\t \\\\ \\' \\xHH \\NNN)"),
			       NULL;
		signed char v = (signed char)text[0];
		free(text);
		if (len != 1)
			return fail(p, col, len ? "a character literal holds one character ('a', '\\n')"
						: "empty character literal"),
			       NULL;
		struct ts_node *n = node(p, TN_NUM, col);
		if (n) {
			n->num = (uint64_t)(int64_t)v;
			n->num_size = 4;
			n->num_signed = true;
		}
		p->pos = close + 1;
		return n;
	}
	if (c == '$') {
		p->pos++;
		char *name = ident(p);
		if (!name)
			return fail(p, col, "variable name expected after '$'"), NULL;
		if (!known_var(p, name)) {
			fail(p, col, "unknown variable '$%s'", name);
			free(name);
			return NULL;
		}
		struct ts_node *n = node(p, TN_VAR, col);
		if (!n) {
			free(name);
			return NULL;
		}
		n->name = name;
		bool ret = tracespec_is_return(p->probe);
		if ((!strcmp(name, "retval") || !strcmp(name, "latency") || !strcmp(name, "entry")) && !ret) {
			fail(p, col, "'$%s' needs a return probe (r:)", name);
		} else if (!strcmp(name, "entry")) {
			char *arg = NULL;
			if (!take(p, "(") || !(arg = ident(p)) || !take(p, ")"))
				fail(p, col, "'$entry' takes a parameter name: $entry(param)");
			else if (!param(p->probe, arg))
				fail(p, col, "'$entry(%s)': no parameter '%s' in the signature", arg, arg);
			if (arg && !p->failed) {
				n->lhs = node(p, TN_IDENT, col);
				if (n->lhs)
					n->lhs->name = arg;
				else
					free(arg);
			} else {
				free(arg);
			}
		}
		if (p->failed) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	char *name = ident(p);
	if (!name)
		return fail(p, col, "unexpected '%c'", c), NULL;
	if (!strcmp(name, "STRCMP")) {
		free(name);
		struct ts_node *n = node(p, TN_STRCMP, col);
		if (!n)
			return NULL;
		if (!take(p, "(") || !at(p, "\"") || !(n->rhs = primary(p)) || !take(p, ",") ||
		    !(n->lhs = expr(p)) || !take(p, ")")) {
			free_node(n);
			return fail(p, col, "STRCMP takes a string literal and an expression: STRCMP(\"text\", arg1)"),
			       NULL;
		}
		return n;
	}
	/* bpftrace's kaddr("jiffies"): resolved when the program is made. */
	if (!strcmp(name, "kaddr") && (skip_ws(p), at(p, "("))) {
		free(name);
		struct ts_node *n = node(p, TN_KADDR, col), *lit = NULL;
		if (!n)
			return NULL;
		if (!take(p, "(") || !at(p, "\"") || !(lit = primary(p)) || lit->kind != TN_STR || !*lit->name ||
		    !take(p, ")")) {
			free_node(lit);
			free_node(n);
			return fail(p, col, "kaddr takes a kernel symbol's name as a string: kaddr(\"jiffies\")"), NULL;
		}
		n->name = lit->name;
		lit->name = NULL;
		free_node(lit);
		return n;
	}
	struct ts_node *n = node(p, TN_IDENT, col);
	if (!n) {
		free(name);
		return NULL;
	}
	n->name = name;
	if (take(p, "@user")) {
		if (strncmp(name, "arg", 3) && !param(p->probe, name)) {
			free_node(n);
			return fail(p, col, "'@user' applies to an argument"), NULL;
		}
		n->user = true;
	}
	return check_ident(p, n);
}

static struct ts_node *postfix(struct parser *p)
{
	struct ts_node *n = primary(p);
	while (n) {
		skip_ws(p);
		size_t col = p->pos;
		bool arrow = take(p, "->");
		if (arrow || (at(p, ".") && !at(p, "..") && (p->pos++, true))) {
			char *field = ident(p);
			if (!field) {
				free_node(n);
				return fail(p, p->pos, "field name expected after '%s'", arrow ? "->" : "."), NULL;
			}
			struct ts_node *m = node(p, TN_MEMBER, col);
			if (!m) {
				free(field);
				free_node(n);
				return NULL;
			}
			m->name = field;
			m->arrow = arrow;
			m->lhs = n;
			n = m;
		} else if (take(p, "[")) {
			struct ts_node *m = node(p, TN_INDEX, col);
			if (!m) {
				free_node(n);
				return NULL;
			}
			m->lhs = n;
			n = m;
			if (!(m->rhs = expr(p)) || !take(p, "]")) {
				free_node(n);
				return fail(p, p->pos, "']' expected"), NULL;
			}
		} else {
			break;
		}
	}
	return n;
}

static struct ts_node *unary(struct parser *p);

/* C's unary level: ! - ~ * and casts, each applying to what follows
 * (postfix operators included: (int)a->b casts a->b). */
static struct ts_node *unary_ops(struct parser *p)
{
	skip_ws(p);
	size_t col = p->pos;
	size_t close = p->pos < p->end && p->s[p->pos] == '(' ? cast_ahead(p) : 0;
	if (close) {
		struct ts_node *n = node(p, TN_CAST, col);
		if (!n)
			return NULL;
		n->name = dup_range(p->s, p->pos + 1, close);
		p->pos = close + 1;
		if (!n->name)
			fail(p, col, "out of memory");
		if (!n->name || !(n->lhs = unary(p))) {
			free_node(n);
			return NULL;
		}
		return n;
	}
	static const char *const ops[] = { "!", "-", "~", "*", NULL };
	for (int i = 0; ops[i]; i++) {
		if (at(p, "!=") || at(p, "->"))
			break;
		if (take(p, ops[i])) {
			struct ts_node *n = node(p, TN_UNARY, col);
			if (!n)
				return NULL;
			strcpy(n->op, ops[i]);
			if (!(n->lhs = unary(p))) {
				free_node(n);
				return NULL;
			}
			return n;
		}
	}
	return postfix(p);
}

/* Every nesting (brackets, casts, unary operators) comes through here. */
static struct ts_node *unary(struct parser *p)
{
	skip_ws(p);
	if (p->depth == MAX_NESTING)
		return fail(p, p->pos, "the expression nests more than %d deep", MAX_NESTING), NULL;
	p->depth++;
	struct ts_node *n = unary_ops(p);
	p->depth--;
	return n;
}

/* Binary operators by precedence, loosest first; longer spellings before
 * their prefixes. */
static const char *const levels[][5] = {
	{ "||" }, { "&&" }, { "|" }, { "^" }, { "&" }, { "==", "!=" }, { "<=", ">=", "<", ">" },
	{ "<<", ">>" }, { "+", "-" }, { "*", "/", "%" },
};
#define NLEVELS (int)(sizeof(levels) / sizeof(levels[0]))

static const char *binop_at(struct parser *p, int level)
{
	for (int i = 0; i < 5 && levels[level][i]; i++) {
		const char *op = levels[level][i];
		if (!at(p, op))
			continue;
		/* "|" is not "||", "&" not "&&", "<" not "<<"... */
		const char *rest = p->s + p->pos + strlen(op);
		if ((!strcmp(op, "|") && *rest == '|') || (!strcmp(op, "&") && *rest == '&') ||
		    (!strcmp(op, "<") && (*rest == '<' || *rest == '=')) ||
		    (!strcmp(op, ">") && (*rest == '>' || *rest == '=')) || (!strcmp(op, "-") && *rest == '>'))
			continue;
		return op;
	}
	return NULL;
}

static struct ts_node *binary(struct parser *p, int level)
{
	if (level == NLEVELS)
		return unary(p);
	struct ts_node *lhs = binary(p, level + 1);
	const char *op;
	while (lhs && (op = binop_at(p, level))) {
		size_t col = p->pos;
		p->pos += strlen(op);
		struct ts_node *n = node(p, TN_BINARY, col);
		if (!n) {
			free_node(lhs);
			return NULL;
		}
		strcpy(n->op, op);
		n->lhs = lhs;
		if (!(n->rhs = binary(p, level + 1))) {
			free_node(n);
			return NULL;
		}
		lhs = n;
	}
	return lhs;
}

static struct ts_node *expr(struct parser *p)
{
	return binary(p, 0);
}

/* A whole expression in s[a, b). */
static struct ts_node *expr_range(struct parser *p, size_t a, size_t b, const char *what)
{
	size_t saved_end = p->end;
	p->pos = a;
	p->end = b;
	skip_ws(p);
	if (p->pos >= b) {
		p->end = saved_end;
		return fail(p, a, "%s is empty", what), NULL;
	}
	struct ts_node *n = expr(p);
	skip_ws(p);
	if (n && p->pos < b) {
		fail(p, p->pos, "unexpected '%.*s' in %s", (int)(b - p->pos), p->s + p->pos, what);
		free_node(n);
		n = NULL;
	}
	p->end = saved_end;
	return n;
}

/* ------------------------------------------------------------ probes */

static int parse_signature(struct parser *p, struct ts_probe *pr, size_t open, size_t close)
{
	pr->has_signature = true;
	size_t a = open + 1;
	for (size_t i = a; i <= close; i++) {
		if (i < close && p->s[i] != ',')
			continue;
		char *decl = dup_range(p->s, a, i);
		if (!decl)
			return fail(p, a, "out of memory");
		if (!*decl || !strcmp(decl, "void")) {
			bool empty_list = i == close && pr->nparams == 0;
			free(decl);
			if (empty_list)
				return 0;
			return fail(p, a, "empty parameter in the signature");
		}
		if (pr->nparams == TS_MAX_PARAMS) {
			free(decl);
			return fail(p, a, "at most %d parameters in a signature", TS_MAX_PARAMS);
		}
		/* "struct timespec *ts": the name is the last word. */
		size_t n = strlen(decl), e = n;
		while (e > 0 && ident_char(decl[e - 1], false))
			e--;
		if (e == n || e == 0 || !ident_char(decl[e], true)) {
			fail(p, a, "parameter '%s' needs a type and a name", decl);
			free(decl);
			return -EINVAL;
		}
		struct ts_param *prm = &pr->params[pr->nparams++];
		prm->name = strdup(decl + e);
		decl[e] = 0;
		prm->type = dup_range(decl, 0, e);
		free(decl);
		if (!prm->name || !prm->type)
			return fail(p, a, "out of memory");
		for (int k = 0; k < pr->nparams - 1; k++)
			if (!strcmp(pr->params[k].name, prm->name))
				return fail(p, a, "parameter '%s' named twice", prm->name);
		a = i + 1;
	}
	return 0;
}

/* The location, "p:lib:func", "r::func", "t:cat:event", "u:lib:provider:probe",
 * "lib:func", "func", "func+0x12" in s[a, b), read by the grammar every
 * tool shares (core/pattern.h); the compiler's view of it in the probe. */
static int parse_location(struct parser *p, struct ts_probe *pr, size_t a, size_t b)
{
	char why[256];
	struct pattern *l = &pr->loc;
	if (pattern_parse_as(p->s + a, b - a, p->argdist ? PATTERN_ARGDIST : PATTERN_TRACE, l, why, sizeof(why)))
		return fail(p, a, "%s", why);
	static const enum ts_probe_kind kinds[][2] = {
		[PAT_KPROBE] = { TS_KPROBE, TS_KRETPROBE },
		[PAT_UPROBE] = { TS_UPROBE, TS_URETPROBE },
		[PAT_TRACEPOINT] = { TS_TRACEPOINT, TS_TRACEPOINT },
		[PAT_USDT] = { TS_USDT, TS_USDT },
	};
	const char *lib = l->kind == PAT_TRACEPOINT ? l->category : l->lib;
	pr->kind = kinds[l->kind][l->ret];
	pr->lib = *lib ? (char *)lib : NULL;
	pr->provider = *l->provider ? l->provider : NULL;
	pr->func = l->name;
	pr->offset = l->offset;
	return 0;
}

/* The location ends at the signature's '(' or at white space. */
static int parse_head(struct parser *p, struct ts_probe *pr, bool need_signature)
{
	size_t a = p->pos, i = a;
	while (i < p->end && p->s[i] != '(' && !isspace((unsigned char)p->s[i]) && p->s[i] != '"' &&
	       !(p->argdist && p->s[i] == '#'))
		i++;
	if (i == a)
		return fail(p, a, "a probe is needed");
	int err = parse_location(p, pr, a, i);
	if (err)
		return err;
	p->pos = i;
	if (i < p->end && p->s[i] == '(') {
		size_t close = closing(p->s, i, p->end);
		if (close == p->end)
			return fail(p, i, "unbalanced '(' in the signature");
		if (pr->kind == TS_TRACEPOINT || pr->kind == TS_USDT) {
			/* BCC's argdist writes t:cat:event() and u:lib:probe(). */
			if (close != i + 1 && !p->argdist)
				return fail(p, i, "tracepoints and USDT probes take no signature");
		} else {
			err = parse_signature(p, pr, i, close);
			if (err)
				return err;
		}
		pr->has_signature = true;
		p->pos = close + 1;
	} else if (need_signature) {
		return fail(p, i, "a signature is needed after the function: func(type name, ...) or func()");
	}
	return 0;
}

int tracespec_format_args(const char *f, char *err, size_t errlen)
{
	int n = 0;
	for (const char *c = f; *c; c++) {
		if (*c != '%')
			continue;
		if (c[1] == '%') {
			c++;
			continue;
		}
		static const char *const conv[] = { "llu", "lld", "llx", "lu", "ld", "lx", "hd", "hu", "d",
						    "u", "x", "c", "s", "K", "U", "p", NULL };
		int k = 0;
		for (; conv[k]; k++)
			if (!strncmp(c + 1, conv[k], strlen(conv[k])))
				break;
		if (!conv[k]) {
			snprintf(err, errlen, "format conversion '%%%.3s' is not one of %%d %%u %%x %%ld %%lu %%lld "
					      "%%llu %%llx %%hd %%hu %%c %%s %%K %%U %%p",
				 c + 1);
			return -EINVAL;
		}
		c += strlen(conv[k]);
		n++;
	}
	return n;
}

/* Comma-separated expressions in s[a, b) (top-level commas only). */
static int expr_list(struct parser *p, size_t a, size_t b, struct ts_node **out, char **texts, int max,
		     const char *what)
{
	int n = 0, rc = 0;
	size_t start = a;
	for (size_t i = a; i <= b && !rc; i++) {
		if (i < b && (p->s[i] == '"' || p->s[i] == '\'')) {
			size_t close = skip_quoted(p->s, i, b);
			if (close == b)
				rc = fail(p, i, p->s[i] == '"' ? "unterminated string" : "unterminated character literal");
			i = close;
			continue;
		}
		if (i < b && (p->s[i] == '(' || p->s[i] == '[')) {
			size_t close = closing(p->s, i, b);
			if (close == b)
				rc = fail(p, i, "'%c' is never closed", p->s[i]);
			i = close;
			continue;
		}
		if (i < b && p->s[i] != ',')
			continue;
		if (n == max) {
			rc = fail(p, start, "at most %d %ss", max, what);
			break;
		}
		/* Nothing between two commas, or after the last, says where. */
		size_t k = start;
		while (k < i && isspace((unsigned char)p->s[k]))
			k++;
		if (k == i && (i < b || n)) {
			rc = i < b ? fail(p, i, "%s expected before ','", what)
				   : fail(p, start - 1, "nothing after the last ',' of the %ss", what);
			break;
		}
		out[n] = expr_range(p, start, i, what);
		if (!out[n]) {
			rc = -EINVAL;
			break;
		}
		if (texts)
			texts[n] = dup_range(p->s, start, i);
		n++;
		start = i + 1;
	}
	if (!rc)
		return n;
	/* Nothing half-parsed stays behind: the caller only frees what it counts. */
	for (int k = 0; k < n; k++) {
		free_node(out[k]);
		out[k] = NULL;
		if (texts) {
			free(texts[k]);
			texts[k] = NULL;
		}
	}
	return rc;
}

static void init(struct parser *p, const char *spec, const struct ts_probe *pr, bool argdist, char *err,
		 size_t errlen)
{
	memset(p, 0, sizeof(*p));
	p->s = spec;
	p->end = strlen(spec);
	p->probe = pr;
	p->argdist = argdist;
	p->err = err;
	p->errlen = errlen;
	err[0] = 0;
}

int tracespec_parse_trace(const char *spec, struct ts_probe *pr, char *err, size_t errlen)
{
	struct parser p;
	memset(pr, 0, sizeof(*pr));
	init(&p, spec, pr, false, err, errlen);
	int rc = check_tokens(&p, 0, p.end);
	if (rc)
		goto out;
	skip_ws(&p);
	rc = parse_head(&p, pr, false);
	if (rc)
		goto out;
	skip_ws(&p);
	if (p.pos < p.end && spec[p.pos] == '(') {
		size_t close = closing(spec, p.pos, p.end);
		if (close == p.end) {
			rc = fail(&p, p.pos, "unbalanced '(' in the predicate");
			goto out;
		}
		pr->predicate = expr_range(&p, p.pos + 1, close, "the predicate");
		if (!pr->predicate) {
			rc = -EINVAL;
			goto out;
		}
		p.pos = close + 1;
		skip_ws(&p);
	}
	if (p.pos < p.end) {
		if (spec[p.pos] != '"') {
			rc = fail(&p, p.pos, "a \"format\" string or (predicate) expected, not '%s'", spec + p.pos);
			goto out;
		}
		size_t a = p.pos + 1, i = skip_quoted(spec, p.pos, p.end);
		if (i >= p.end) {
			rc = fail(&p, p.pos, "unterminated format string");
			goto out;
		}
		/* As written, spaces included: BCC prints them. */
		pr->format = strndup(spec + a, i - a);
		if (!pr->format) {
			rc = fail(&p, a, "out of memory");
			goto out;
		}
		p.pos = i + 1;
		char ferr[200];
		int want = tracespec_format_args(pr->format, ferr, sizeof(ferr));
		if (want < 0) {
			rc = fail(&p, a, "%s", ferr);
			goto out;
		}
		skip_ws(&p);
		if (p.pos < p.end) {
			if (spec[p.pos] != ',') {
				rc = fail(&p, p.pos, "',' expected after the format string");
				goto out;
			}
			int n = expr_list(&p, p.pos + 1, p.end, pr->args, NULL, TS_MAX_ARGS, "format argument");
			if (n < 0) {
				rc = n;
				goto out;
			}
			pr->nargs = n;
		}
		if (pr->nargs != want) {
			rc = fail(&p, a - 1, "the format has %d conversion%s but %d argument%s", want,
				  want == 1 ? "" : "s", pr->nargs, pr->nargs == 1 ? " follows" : "s follow");
			goto out;
		}
	}
out:
	if (rc)
		tracespec_free(pr);
	return rc;
}

int tracespec_parse_argdist(const char *spec, struct ts_probe *pr, char *err, size_t errlen)
{
	struct parser p;
	memset(pr, 0, sizeof(*pr));
	init(&p, spec, pr, true, err, errlen);
	/* The label is everything after the first '#' outside a string: free
	 * text, whose brackets and quotes are its own. */
	size_t end = 0;
	while (end < p.end && spec[end] != '#') {
		if (spec[end] == '"' || spec[end] == '\'')
			end = skip_quoted(spec, end, p.end);
		end += end < p.end;
	}
	int rc = check_tokens(&p, 0, end);
	if (rc)
		goto out;
	if (end < p.end) {
		pr->label = dup_range(spec, end + 1, p.end);
		if (!pr->label || !*pr->label) {
			rc = fail(&p, end, "empty label after '#'");
			goto out;
		}
	}
	p.end = end;
	skip_ws(&p);
	rc = parse_head(&p, pr, true);
	if (rc)
		goto out;
	skip_ws(&p);
	if (p.pos >= end)
		goto out; /* count the calls */
	if (spec[p.pos] != ':') {
		rc = fail(&p, p.pos, "':' expected before the type");
		goto out;
	}
	/* :types :exprs :filter, split at top-level colons. */
	size_t starts[3] = { 0 }, ends[3] = { 0 };
	int count = 0;
	for (size_t i = p.pos + 1, s = i; i <= end; i++) {
		if (i < end && (spec[i] == '(' || spec[i] == '[')) {
			size_t close = closing(spec, i, end);
			if (close == end) {
				rc = fail(&p, i, "'%c' is never closed", spec[i]);
				goto out;
			}
			i = close;
			continue;
		}
		if (i < end && (spec[i] == '"' || spec[i] == '\'')) {
			size_t close = skip_quoted(spec, i, end);
			if (close == end) {
				rc = fail(&p, i, spec[i] == '"' ? "unterminated string" : "unterminated character literal");
				goto out;
			}
			i = close;
			continue;
		}
		if (i == end || spec[i] == ':') {
			if (count == 3) {
				rc = fail(&p, i, "too many ':' fields (type:expr:filter)");
				goto out;
			}
			starts[count] = s;
			ends[count] = i;
			count++;
			s = i + 1;
		}
	}
	/* Types. */
	for (size_t i = starts[0], s = i; i <= ends[0]; i++) {
		if (i < ends[0] && spec[i] != ',')
			continue;
		char *t = dup_range(spec, s, i);
		if (!t || !*t) {
			free(t);
			rc = fail(&p, s, "empty type");
			goto out;
		}
		if (pr->ntypes == TS_MAX_ARGS) {
			free(t);
			rc = fail(&p, s, "at most %d types", TS_MAX_ARGS);
			goto out;
		}
		pr->types[pr->ntypes++] = t;
		s = i + 1;
	}
	if (count >= 2) {
		int n = expr_list(&p, starts[1], ends[1], pr->exprs, pr->expr_text, TS_MAX_ARGS, "expression");
		if (n < 0) {
			rc = n;
			goto out;
		}
		pr->nexprs = n;
	} else {
		rc = fail(&p, ends[0], "an expression is needed after the type: :type:expr");
		goto out;
	}
	if (pr->nexprs != pr->ntypes) {
		rc = fail(&p, starts[1], "%d type%s but %d expression%s", pr->ntypes, pr->ntypes == 1 ? "" : "s",
			  pr->nexprs, pr->nexprs == 1 ? "" : "s");
		goto out;
	}
	if (count == 3) {
		pr->filter = expr_range(&p, starts[2], ends[2], "the filter");
		if (!pr->filter) {
			rc = -EINVAL;
			goto out;
		}
	}
out:
	if (rc)
		tracespec_free(pr);
	return rc;
}

void tracespec_free(struct ts_probe *pr)
{
	pattern_free(&pr->loc); /* lib, provider and func are its */
	for (int i = 0; i < pr->nparams; i++) {
		free(pr->params[i].type);
		free(pr->params[i].name);
	}
	free_node(pr->predicate);
	free(pr->format);
	for (int i = 0; i < pr->nargs; i++)
		free_node(pr->args[i]);
	for (int i = 0; i < pr->ntypes; i++)
		free(pr->types[i]);
	for (int i = 0; i < pr->nexprs; i++) {
		free_node(pr->exprs[i]);
		free(pr->expr_text[i]);
	}
	free_node(pr->filter);
	free(pr->label);
	memset(pr, 0, sizeof(*pr));
}
