/* bpfkit list: the tools by category, each with its one-line summary. */
#include "core/args.h"
#include "core/tool.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct tool *const *)a)->name, (*(const struct tool *const *)b)->name);
}

static int list_main(int argc, char **argv)
{
	if (tool_parse_plain("list", argc, argv))
		return 2;
	size_t n = __stop_bpfkit_tools - __start_bpfkit_tools;
	const struct tool **sorted = calloc(n, sizeof(*sorted));
	if (!sorted)
		return 1;
	size_t i = 0;
	for_each_tool(t)
		sorted[i++] = t;
	qsort(sorted, n, sizeof(*sorted), by_name);
	for (const char *const *cat = tool_categories; *cat; cat++) {
		bool header = false;
		for (i = 0; i < n; i++) {
			if (strcmp(sorted[i]->category, *cat))
				continue;
			if (!header)
				printf("%s%s:\n", cat == tool_categories ? "" : "\n", *cat);
			header = true;
			printf("  %-16s %s\n", sorted[i]->name, sorted[i]->summary);
		}
	}
	free(sorted);
	return 0;
}

BPFKIT_TOOL(list, .name = "list", .category = "bpfkit", .summary = "List the tools", .main = list_main,
	    .builtin = 1,
	    .groups = TOOL_GROUPS_HELP, .doc =
		"List the tools and subcommands by category, each with a one-line summary.\v"
		"Examples:\n"
		"  bpfkit list\n"
		"  bpfkit list | grep -i stack");
