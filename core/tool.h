/* The command table: every tool and subcommand registers itself with one
 * BPFKIT_TOOL() record.  The records land in one linker section, so the table
 * is plain data that `bpfkit list`, dispatch and --install all read, and adding
 * a tool never means editing a central file. */
#ifndef BPFKIT_CORE_TOOL_H
#define BPFKIT_CORE_TOOL_H

struct tool {
	const char *name;
	const char *category; /* groups `bpfkit list`; see tool_categories[] */
	const char *summary;  /* one line, no trailing period */
	int (*main)(int argc, char **argv);
	/* Subcommands of bpfkit itself (list, features, sym) are not installed
	 * as symlinks. */
	int builtin;
};

#define BPFKIT_TOOL(id, ...)                                                   \
	static const struct tool bpfkit_tool_##id                              \
		__attribute__((used, section("bpfkit_tools"), aligned(8))) = { \
			__VA_ARGS__                                            \
		}

extern const struct tool __start_bpfkit_tools[];
extern const struct tool __stop_bpfkit_tools[];

#define for_each_tool(t)                                                       \
	for (const struct tool *t = __start_bpfkit_tools; t < __stop_bpfkit_tools; t++)

const struct tool *tool_find(const char *name);

/* Categories in the order `bpfkit list` prints them. */
extern const char *const tool_categories[];

#endif
