/* bpfkit: one binary, many tools.  Dispatch on the name we were started as
 * (a symlink named execsnoop runs execsnoop), else on the first argument. */
#include "core/log.h"
#include "core/tool.h"

#include <argp.h>
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *out)
{
	fprintf(out, "Usage: bpfkit TOOL [ARGS...]     run a tool (or call bpfkit through a symlink named TOOL)\n"
		     "       bpfkit list               list the tools\n"
		     "       bpfkit help TOOL          show a tool's options\n"
		     "       bpfkit features           what this kernel can trace, and why not\n"
		     "       bpfkit --install DIR [TARGET]\n"
		     "                                 create a symlink per tool (and alias) in DIR,\n"
		     "                                 pointing at TARGET (default: this binary's path)\n"
		     "       bpfkit --version\n");
}

/* target: what each link holds.  A package gives a relative one
 * (../../../sbin/bpfkit) so the links survive a staging directory (DESTDIR,
 * dpkg --root) and a relocated tree; by hand the absolute path of this
 * binary is what works from any DIR. */
static int install_links(const char *dir, const char *target)
{
	char self[PATH_MAX];
	if (!target) {
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n < 0) {
			log_err("cannot find my own path: %s", strerror(errno));
			return 1;
		}
		self[n] = 0;
		target = self;
	}
	if (mkdir(dir, 0755) && errno != EEXIST) {
		log_err("cannot create %s: %s", dir, strerror(errno));
		return 1;
	}
	int made = 0;
	for_each_tool(t) {
		if (t->builtin)
			continue;
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, t->name);
		unlink(path);
		if (symlink(target, path)) {
			log_err("cannot create %s: %s", path, strerror(errno));
			return 1;
		}
		made++;
	}
	for_each_tool_alias(a) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s", dir, a->name);
		unlink(path);
		if (symlink(target, path)) {
			log_err("cannot create %s: %s", path, strerror(errno));
			return 1;
		}
		made++;
	}
	printf("%d tools linked in %s\n", made, dir);
	return 0;
}

static int run_tool(const struct tool *t, int argc, char **argv)
{
	log_init(t->name);
	/* argp exits with EX_USAGE (64) on an unknown option; every other usage
	 * error exits 2, as bpfkit(8) says. */
	argp_err_exit_status = 2;
	/* argp prints usage and errors with argv[0]: make it the tool's name. */
	argv[0] = (char *)t->name;
	return t->main(argc, argv);
}

/* An alias runs its tool, under its own name, with its arguments first. */
static int run_alias(const struct tool_alias *a, int argc, char **argv)
{
	const struct tool *t = tool_find(a->tool);
	int n = 0;
	while (n < TOOL_ALIAS_MAX_ARGS && a->args[n])
		n++;
	char **av = calloc(argc + n + 1, sizeof(*av));
	if (!t || !av) {
		log_init(a->name);
		log_err(t ? "out of memory" : "internal error: alias of a missing tool");
		return 1;
	}
	for (int i = 0; i < n; i++)
		av[1 + i] = (char *)a->args[i];
	for (int i = 1; i < argc; i++)
		av[n + i] = argv[i];
	log_init(a->name);
	argp_err_exit_status = 2;
	av[0] = (char *)a->name;
	int rc = t->main(argc + n, av);
	free(av);
	return rc;
}

int main(int argc, char **argv)
{
	const char *self = basename(argv[0]);
	const struct tool *t = tool_find(self);
	if (t && strcmp(self, "bpfkit"))
		return run_tool(t, argc, argv);
	const struct tool_alias *alias = tool_alias_find(self);
	if (alias)
		return run_alias(alias, argc, argv);

	log_init("bpfkit");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V")) {
		printf("bpfkit %s\n", BPFKIT_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--install")) {
		if (argc != 3 && argc != 4) {
			log_err("--install needs a directory (and optionally the links' target)");
			return 2;
		}
		return install_links(argv[2], argc == 4 ? argv[3] : NULL);
	}
	if (!strcmp(cmd, "help")) {
		if (argc < 3) {
			usage(stdout);
			return 0;
		}
		char *help_argv[] = { argv[2], "--help", NULL };
		if ((alias = tool_alias_find(argv[2])))
			return run_alias(alias, 2, help_argv);
		t = tool_find(argv[2]);
		if (!t) {
			log_err("unknown tool '%s' (bpfkit list shows them all)", argv[2]);
			return 2;
		}
		return run_tool(t, 2, help_argv);
	}
	if ((alias = tool_alias_find(cmd)))
		return run_alias(alias, argc - 1, argv + 1);
	t = tool_find(cmd);
	if (!t) {
		log_err("unknown tool '%s' (bpfkit list shows them all)", cmd);
		return 2;
	}
	return run_tool(t, argc - 1, argv + 1);
}
