/* Every tool in the command table has a man page in docs/, and every long
 * option its --help shows is documented there. */
#include "core/tool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strdup(buf);
}

/* The tool's --help text, from a child (argp exits after printing it). */
static char *help_of(const struct tool *t)
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
		char *argv[] = { (char *)t->name, "--help", NULL };
		exit(t->main(2, argv));
	}
	close(fds[1]);
	static char buf[1 << 16];
	size_t n = 0;
	ssize_t r;
	while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fds[0]);
	waitpid(pid, NULL, 0);
	buf[n] = 0;
	return strdup(buf);
}

int main(void)
{
	int failures = 0, tools = 0;
	for_each_tool(t) {
		if (t->builtin)
			continue;
		tools++;
		char path[512];
		snprintf(path, sizeof(path), "%s/../docs/%s.8", TEST_SOURCE_DIR, t->name);
		char *man = slurp(path);
		if (!man) {
			printf("FAIL %s: no man page %s\n", t->name, path);
			failures++;
			continue;
		}
		if (!strstr(man, ".SH OPTIONS") || !strstr(man, ".SH EXAMPLES")) {
			printf("FAIL %s: man page lacks OPTIONS or EXAMPLES\n", t->name);
			failures++;
		}
		char *help = help_of(t);
		for (char *p = help; p && (p = strstr(p, "--")); p += 2) {
			char opt[64];
			if (sscanf(p + 2, "%63[a-z0-9_-]", opt) != 1 || !strcmp(opt, "help") || !strcmp(opt, "usage"))
				continue;
			char roff[160];
			/* roff writes a '-' as "\-". */
			size_t k = 0;
			for (char *c = opt; *c && k + 3 < sizeof(roff); c++) {
				if (*c == '-')
					roff[k++] = '\\';
				roff[k++] = *c;
			}
			roff[k] = 0;
			if (!strstr(man, roff)) {
				printf("FAIL %s: --%s not in %s\n", t->name, opt, path);
				failures++;
			}
		}
		free(help);
		free(man);
	}
	printf("%d tools checked, %d failures\n", tools, failures);
	return failures != 0 || tools == 0;
}
