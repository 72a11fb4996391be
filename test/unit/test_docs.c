/* The man pages against the command table and against groff.
 *
 * Every tool and subcommand has docs/NAME.8, answers -h with its usage and
 * exit status 0, and every option its --help lists is in its page: a long
 * one as a whole word (--tid is not documented by --tid-list), a short one
 * in the heading of an option entry.  No page says that an option the tool
 * has is "not yet" there.
 *
 * Every page renders without a groff warning, and none loses text: a line
 * starting with '.' or '\'' is a request, so prose that happens to begin
 * with ".llvm.N)" or "\.gnu_debuglink" vanishes from the rendered page.
 * Such lines are refused by name, and, as a check on the rendering itself,
 * the text groff prints must hold as many sentences as the source. */
#include "core/tool.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/unit/check.h"

#define DOCS TEST_SOURCE_DIR "/../docs"

static char *slurp_stream(FILE *f)
{
	size_t cap = 1 << 16, n = 0, r;
	char *buf = malloc(cap);
	while (buf && (r = fread(buf + n, 1, cap - 1 - n, f)) > 0) {
		n += r;
		if (n + 1 == cap) {
			char *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
	}
	if (buf)
		buf[n] = 0;
	return buf;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *s = slurp_stream(f);
	fclose(f);
	return s;
}

/* What a tool prints on stdout for one argument, run as `bpfkit NAME ARG`
 * runs it (argp exits from inside main after printing help). */
static char *run_tool(const struct tool *t, const char *arg, int *status)
{
	int fds[2];
	if (pipe(fds))
		return NULL;
	/* Our own buffered output would otherwise be flushed by the child
	 * into the pipe, and read back as its help. */
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		/* The tool's own errors (flamegraph's "invalid option") show in
		 * the test log; its output is what is judged. */
		char *argv[] = { (char *)t->name, (char *)arg, NULL };
		exit(t->main(2, argv));
	}
	close(fds[1]);
	FILE *f = fdopen(fds[0], "r");
	char *out = f ? slurp_stream(f) : NULL;
	if (f)
		fclose(f);
	else
		close(fds[0]);
	waitpid(pid, status, 0);
	return out;
}

/* roff spells each '-' of an option "\-". */
static void roff_option(const char *opt, char *out, size_t size)
{
	size_t k = 0;
	for (const char *c = opt; *c && k + 3 < size; c++) {
		if (*c == '-')
			out[k++] = '\\';
		out[k++] = *c;
	}
	out[k] = 0;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* OPT (roff-spelled) in TEXT as a whole option, not as the start of a
 * longer one: "\-\-tid" in "\-\-tid\-list" does not count. */
static bool has_option(const char *text, const char *opt)
{
	size_t n = strlen(opt);
	for (const char *p = text; (p = strstr(p, opt)); p++) {
		const char *e = p + n;
		bool before = p == text || (!word_char(p[-1]) && p[-1] != '-');
		bool after = !word_char(*e) && strncmp(e, "\\-", 2);
		if (before && after)
			return true;
	}
	return false;
}

/* The headings of the page's option entries: the line after each .TP. */
static char *tp_headings(const char *man)
{
	size_t cap = strlen(man) + 1, n = 0;
	char *out = calloc(1, cap);
	for (const char *p = man; out && p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, ".TP", 3) || (p[3] != '\n' && p[3] != ' '))
			continue;
		const char *h = strchr(p, '\n');
		if (!h)
			break;
		h++;
		size_t len = strcspn(h, "\n");
		memcpy(out + n, h, len);
		n += len;
		out[n++] = '\n';
	}
	return out;
}

struct help_opts {
	char shorts[128];
	char longs[128][64];
	int nlongs;
};

/* The options argp's --help lists: "  -a, --annotations", "      --lines",
 * "  -K, -k, --kernel". */
static void parse_help(const char *help, struct help_opts *h)
{
	memset(h, 0, sizeof(*h));
	for (const char *l = help; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		const char *p = l;
		while (*p == ' ')
			p++;
		if (p == l || *p != '-')
			continue;
		while (*p == '-') {
			if (p[1] == '-') {
				char opt[64];
				if (sscanf(p + 2, "%63[a-z0-9_-]", opt) == 1 && strcmp(opt, "help") &&
				    strcmp(opt, "usage") && h->nlongs < 128)
					strcpy(h->longs[h->nlongs++], opt);
				break;
			}
			if (p[1] && p[1] != '?' && strlen(h->shorts) + 1 < sizeof(h->shorts))
				strncat(h->shorts, p + 1, 1);
			p += 2;
			if (*p == '=' || *p == ' ' || *p == '[')
				break;
			while (*p == ',' || *p == ' ')
				p++;
		}
	}
}

/* "Not yet: -s and -B." while the tool has -s and -B. */
static void check_not_yet(const char *name, const char *man, const struct help_opts *h)
{
	for (const char *l = man; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		char line[1024], lower[1024];
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
		for (size_t i = 0; i < sizeof(lower) && (!i || line[i - 1]); i++)
			lower[i] = tolower((unsigned char)line[i]);
		if (!strstr(lower, "not yet") && !strstr(lower, "not supported") && !strstr(lower, "not implemented"))
			continue;
		char roff[160];
		for (int i = 0; i < h->nlongs; i++) {
			char opt[80];
			snprintf(opt, sizeof(opt), "--%s", h->longs[i]);
			roff_option(opt, roff, sizeof(roff));
			CHECK(!has_option(line, roff), "%s.8 says '%s' but the tool has --%s", name, line,
			      h->longs[i]);
		}
		for (const char *s = h->shorts; *s; s++) {
			char opt[4] = { '\\', '-', *s, 0 };
			CHECK(!has_option(line, opt), "%s.8 says '%s' but the tool has -%c", name, line, *s);
		}
	}
}

static void check_tool(const struct tool *t)
{
	int status = -1;
	char *usage = run_tool(t, "-h", &status);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "'bpfkit %s -h' exited with status %d", t->name,
	      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	char want[128];
	snprintf(want, sizeof(want), "Usage: %s", t->name);
	CHECK(usage && (!strncmp(usage, want, strlen(want)) ||
			(!strncmp(usage, "Usage: bpfkit ", 14) && !strncmp(usage + 14, t->name, strlen(t->name)))),
	      "'bpfkit %s -h' printed no usage: '%.60s'", t->name, usage ? usage : "");
	free(usage);

	char path[512];
	snprintf(path, sizeof(path), DOCS "/%s.8", t->name);
	char *man = slurp(path);
	CHECK(man, "%s: no man page %s", t->name, path);
	if (!man)
		return;
	CHECK(strstr(man, ".SH OPTIONS") && strstr(man, ".SH EXAMPLES"), "%s.8 lacks OPTIONS or EXAMPLES",
	      t->name);

	char *help = run_tool(t, "--help", &status);
	struct help_opts h;
	parse_help(help ? help : "", &h);
	char *headings = tp_headings(man);
	char roff[160];
	for (int i = 0; i < h.nlongs; i++) {
		char opt[80];
		snprintf(opt, sizeof(opt), "--%s", h.longs[i]);
		roff_option(opt, roff, sizeof(roff));
		CHECK(has_option(man, roff), "%s: --%s not in %s", t->name, h.longs[i], path);
	}
	for (const char *s = h.shorts; *s; s++) {
		char opt[4] = { '\\', '-', *s, 0 };
		CHECK(headings && has_option(headings, opt), "%s: -%c is in no option entry (.TP) of %s", t->name,
		      *s, path);
	}
	check_not_yet(t->name, man, &h);
	free(headings);
	free(help);
	free(man);
}

/* Requests and man(7) macros a page may use.  Anything else at the start
 * of a line is a typo or prose that roff swallows. */
static const char *const requests[] = {
	/* man(7) */
	"TH", "SH", "SS", "TP", "TQ", "IP", "HP", "PP", "LP", "P", "RS", "RE", "B", "I", "BR", "BI", "IR",
	"RB", "RI", "IB", "SM", "SB", "EX", "EE", "UR", "UE", "MT", "ME", "SY", "YS", "OP",
	/* groff requests that make sense in a man page */
	"nf", "fi", "br", "sp", "in", "ti", "ad", "na", "ne", "ft", "hy", "nh", "ce", "ig", "bp", NULL,
};
/* Of those, the ones whose arguments are printed text: the font
 * alternations glue their arguments together, the others space them. */
static const char *const alternating[] = { "BR", "BI", "IR", "RB", "RI", "IB", NULL };
static const char *const text_macros[] = { "SH", "SS", "B", "I", "SM", "SB", NULL };

static bool in(const char *const *set, const char *s)
{
	for (; *set; set++)
		if (!strcmp(*set, s))
			return true;
	return false;
}

/* Sentence ends: '.', '!' or '?', maybe closed by ')' or a quote, then a
 * space or the end of a line. */
static int count_sentences(const char *s)
{
	int n = 0;
	for (const char *p = s; *p; p++) {
		if (*p != '.' && *p != '!' && *p != '?')
			continue;
		const char *q = p + 1;
		while (*q == ')' || *q == '"' || *q == '\'')
			q++;
		if ((*q == 0 || *q == ' ' || *q == '\n' || *q == '\t') && p > s && p[-1] != ' ' && p[-1] != '\n')
			n++;
	}
	return n;
}

/* Words: runs of letters and digits, which neither filling nor line
 * breaks (even after a hyphen) change. */
static int count_words(const char *s)
{
	int n = 0;
	for (const char *p = s; *p; p++)
		if (isalnum((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1])))
			n++;
	return n;
}

/* A macro's arguments as it prints them: quoted ones keep their spaces
 * ("" is a quote), and GLUE joins them with nothing between. */
static void macro_args(const char *in, bool glue, char *out, size_t size)
{
	size_t k = 0;
	bool first = true;
	for (const char *p = in; *p && k + 2 < size;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!first && !glue)
			out[k++] = ' ';
		first = false;
		if (*p == '"') {
			for (p++; *p && k + 2 < size; p++) {
				if (*p == '"' && p[1] == '"')
					out[k++] = *p++;
				else if (*p == '"')
					break;
				else
					out[k++] = *p;
			}
			if (*p)
				p++;
		} else {
			while (*p && *p != ' ' && *p != '\t' && k + 2 < size)
				out[k++] = *p++;
		}
	}
	out[k] = 0;
}

/* The text a line of roff prints, escapes resolved well enough to find
 * sentence ends ("\fB", "\-", "\&", "\(em", comments). */
static void roff_text(const char *in, char *out, size_t size)
{
	size_t k = 0;
	for (const char *p = in; *p && k + 2 < size; p++) {
		if (*p != '\\') {
			out[k++] = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 0: p--; break;
		case '"': while (p[1]) p++; break;
		case 'f':
			if (p[1] == '(')
				p += 3;
			else if (p[1] == '[')
				p = strchr(p, ']') ?: p + strlen(p) - 1;
			else if (p[1])
				p++;
			break;
		case '(': out[k++] = '#'; p += p[1] && p[2] ? 2 : strlen(p) - 1; break;
		case '[': out[k++] = '#'; p = strchr(p, ']') ?: p + strlen(p) - 1; break;
		case '&': case 'c': case '%': case ':': break;
		case 'e': out[k++] = '\\'; break;
		default: out[k++] = *p; break;
		}
	}
	out[k] = 0;
}

static char *run_cmd(const char *cmd)
{
	FILE *f = popen(cmd, "r");
	if (!f)
		return NULL;
	char *out = slurp_stream(f);
	int st = pclose(f);
	if (st) {
		printf("FAIL: '%s' exited with status %d\n", cmd, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
		failures++;
	}
	return out;
}

static void check_page(const char *file)
{
	char path[512];
	snprintf(path, sizeof(path), DOCS "/%s", file);
	char *man = slurp(path);
	CHECK(man, "cannot read %s", path);
	if (!man)
		return;

	/* The source's sentences, and its lines that roff would swallow. */
	int lineno = 0, sentences = 0, words = 0;
	for (char *l = man; l && *l; l = strchr(l, '\n'), l = l ? l + 1 : NULL) {
		lineno++;
		char line[2048], args[2048], text[2048];
		snprintf(line, sizeof(line), "%.*s", (int)strcspn(l, "\n"), l);
		const char *body = line;
		bool control = line[0] == '.' || line[0] == '\'' || !strncmp(line, "\\.", 2);
		if (control) {
			const char *p = line + (line[0] == '\\' ? 2 : 1);
			while (*p == ' ' || *p == '\t')
				p++;
			if (!strncmp(p, "\\\"", 2) || !*p)
				continue; /* comment, or the empty request */
			char name[64];
			sscanf(p, "%63s", name);
			bool known = in(requests, name);
			CHECK(known, "%s:%d: '%s' is not a request: roff drops the line (\\& before a '.')", file,
			      lineno, name);
			/* An unknown one was meant as text: count it, so the
			 * rendering comes up short. */
			bool glue = in(alternating, name);
			if (known && !glue && !in(text_macros, name))
				continue;
			if (known) {
				macro_args(p + strlen(name), glue, args, sizeof(args));
				body = args;
			}
		}
		roff_text(body, text, sizeof(text));
		sentences += count_sentences(text);
		words += count_words(text);
	}

	char cmd[1024];
	/* Warnings: -ww turns them all on, -z discards the output. */
	snprintf(cmd, sizeof(cmd), "groff -man -Tutf8 -ww -z '%s' 2>&1", path);
	char *warn = run_cmd(cmd);
	CHECK(warn && !*warn, "groff warns about %s:\n%s", file, warn ? warn : "(groff did not run)");
	free(warn);

	/* Plain ASCII, no hyphenation, no bold or underline overstrikes:
	 * nothing that changes where sentences end. */
	snprintf(cmd, sizeof(cmd), "groff -man -Tascii -rHY=0 -P-cbou '%s' 2>/dev/null", path);
	char *out = run_cmd(cmd);
	/* Without the header and footer lines, which .TH makes. */
	char *body_start = out ? strchr(out, '\n') : NULL, *end = NULL;
	if (body_start) {
		end = body_start + strlen(body_start);
		while (end > body_start && end[-1] == '\n')
			end--;
		while (end > body_start && end[-1] != '\n')
			end--;
		*end = 0;
	}
	int r_sentences = body_start ? count_sentences(body_start) : -1;
	int r_words = body_start ? count_words(body_start) : -1;
	CHECK(r_sentences == sentences, "%s: %d sentences in the source, %d in groff's rendering", file,
	      sentences, r_sentences);
	CHECK(r_words == words, "%s: %d words in the source, %d in groff's rendering", file, words, r_words);
	free(out);
	free(man);
}

int main(void)
{
	int tools = 0, pages = 0;
	for_each_tool(t) {
		tools++;
		check_tool(t);
	}
	DIR *d = opendir(DOCS);
	CHECK(d, "cannot open %s", DOCS);
	for (struct dirent *e; d && (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n > 2 && !strcmp(e->d_name + n - 2, ".8")) {
			pages++;
			check_page(e->d_name);
		}
	}
	if (d)
		closedir(d);
	printf("%d tools and %d pages checked, %d failures\n", tools, pages, failures);
	return failures != 0 || tools == 0 || pages == 0;
}
