/* bpfkit list: the tools by category, each with its one-line summary. */
#include "core/args.h"
#include "core/tool.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* A row: a tool, or an alias under its tool's category, its summary the
 * command it stands for ("ucalls -l java"). */
struct entry {
	const char *name, *category;
	char summary[160];
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static int list_main(int argc, char **argv)
{
	if (tool_parse_plain("list", argc, argv))
		return 2;
	size_t n = __stop_bpfkit_tools - __start_bpfkit_tools, i = 0;
	for_each_tool_alias(a)
		n++;
	struct entry *rows = calloc(n, sizeof(*rows));
	if (!rows)
		return 1;
	for_each_tool(t) {
		rows[i] = (struct entry){ t->name, t->category };
		snprintf(rows[i++].summary, sizeof(rows->summary), "%s", t->summary);
	}
	for_each_tool_alias(a) {
		const struct tool *t = tool_find(a->tool);
		rows[i] = (struct entry){ a->name, t ? t->category : "" };
		int off = snprintf(rows[i].summary, sizeof(rows->summary), "%s", a->tool);
		for (int k = 0; k < TOOL_ALIAS_MAX_ARGS && a->args[k] && off < (int)sizeof(rows->summary); k++)
			off += snprintf(rows[i].summary + off, sizeof(rows->summary) - off, " %s", a->args[k]);
		i++;
	}
	qsort(rows, n, sizeof(*rows), by_name);
	for (const char *const *cat = tool_categories; *cat; cat++) {
		bool header = false;
		for (i = 0; i < n; i++) {
			if (strcmp(rows[i].category, *cat))
				continue;
			if (!header)
				printf("%s%s:\n", cat == tool_categories ? "" : "\n", *cat);
			header = true;
			printf("  %-16s %s\n", rows[i].name, rows[i].summary);
		}
	}
	free(rows);
	return 0;
}

BPFKIT_TOOL(list, .name = "list", .category = "bpfkit", .summary = "List the tools", .main = list_main,
	    .builtin = 1,
	    .groups = TOOL_GROUPS_HELP, .doc =
		"List the tools and subcommands by category, each with a one-line summary.\v"
		"Examples:\n"
		"  bpfkit list\n"
		"  bpfkit list | grep -i stack");
