#include "core/tool.h"

#include <string.h>

const char *const tool_categories[] = {
	"process", "scheduler", "kernel", "syscalls", "files", "block", "memory", "network", "security", "applications", "languages", "debugging", "bpfkit", NULL,
};

const struct tool *tool_find(const char *name)
{
	for_each_tool(t)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

const struct tool_alias *tool_alias_find(const char *name)
{
	for_each_tool_alias(a)
		if (!strcmp(a->name, name))
			return a;
	return NULL;
}
