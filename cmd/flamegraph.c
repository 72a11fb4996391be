/* bpfkit flamegraph: folded stacks ("a;b;c 12" lines, as every stack tool
 * prints with -f) to an SVG flame graph, with no Perl script needed. */
#include "core/args.h"
#include "core/stacks/flamegraph.h"
#include "core/log.h"
#include "core/tool.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct {
	const char *title, *count_name, *output;
	const char *inputs[64];
	int ninputs;
} o = { .title = "Flame Graph", .count_name = "samples" };

static const struct argp_option options[] = {
	{ "title", 't', "TITLE", 0, "Title of the graph (default \"Flame Graph\")", 0 },
	{ "countname", 'c', "NAME", 0, "What the counts are, shown on hover (default \"samples\")", 0 },
	{ "output", 'o', "FILE", 0, "Write the SVG here instead of standard output", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	switch (key) {
	case 't': o.title = arg; return 0;
	case 'c': o.count_name = arg; return 0;
	case 'o': o.output = arg; return 0;
	case ARGP_KEY_ARG:
		if (o.ninputs == 64) {
			log_err("too many input files");
			return EINVAL;
		}
		o.inputs[o.ninputs++] = arg;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}


/* "frame;frame;frame COUNT": the count is the last space-separated field,
 * frames may contain spaces. */
static int read_folded(struct flamegraph *fg, FILE *in, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int lineno = 0, err = 0;
	while ((len = getline(&line, &cap, in)) > 0) {
		lineno++;
		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (!len)
			continue;
		char *sp = strrchr(line, ' '), *end;
		unsigned long long count = sp ? strtoull(sp + 1, &end, 10) : 0;
		if (!sp || sp == line || *end || sp[1] == '-') {
			log_err("%s:%d: not a folded stack line (\"frame;frame COUNT\")", name, lineno);
			err = -EINVAL;
			break;
		}
		*sp = 0;
		err = flamegraph_add(fg, line, count);
		if (err)
			break;
	}
	free(line);
	return err;
}

static int flamegraph_main(int argc, char **argv)
{
	if (tool_parse_plain("flamegraph", argc, argv))
		return 2;
	struct flamegraph *fg = flamegraph_new(o.title, o.count_name);
	int err = fg ? 0 : -ENOMEM;
	for (int i = 0; !err && i < (o.ninputs ? o.ninputs : 1); i++) {
		FILE *in = o.ninputs ? fopen(o.inputs[i], "r") : stdin;
		if (!in) {
			log_err("cannot read %s: %s", o.inputs[i], strerror(errno));
			err = -errno;
			break;
		}
		err = read_folded(fg, in, o.ninputs ? o.inputs[i] : "stdin");
		if (in != stdin)
			fclose(in);
	}
	if (!err)
		err = o.output ? flamegraph_save(fg, o.output) : flamegraph_write(fg, stdout);
	flamegraph_free(fg);
	return err ? 1 : 0;
}

BPFKIT_TOOL(flamegraph, .name = "flamegraph", .category = "bpfkit",
	    .summary = "Draw an SVG flame graph from folded stacks", .main = flamegraph_main, .builtin = 1,
	    .options = options, .parse = parse, .args_doc = "[FOLDED-FILE...]", .groups = TOOL_GROUPS_HELP, .doc =
		"Draw an SVG flame graph from folded stacks (standard input when no file is given).\v"
		"Examples:\n"
		"  stackcount -f c:malloc | bpfkit flamegraph > malloc.svg\n"
		"  bpfkit flamegraph -t 'Off-CPU Time' -c us offcpu.folded -o offcpu.svg");
