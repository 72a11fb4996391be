#include "core/runcmd.h"

#include "core/log.h"
#include "core/loop.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char **cmd;
static char cmd_path[PATH_MAX];
static volatile pid_t child = -1;
static int go_fd = -1, err_fd = -1;

int runcmd_take(struct argp_state *state)
{
	int n = state->argc - state->next;
	if (n <= 0) {
		log_err("--exec needs a command to run");
		return EINVAL;
	}
	/* A copy: the tool's argv need not end in NULL where execvp wants it. */
	cmd = calloc(n + 1, sizeof(*cmd));
	if (!cmd)
		return ENOMEM;
	memcpy(cmd, &state->argv[state->next], n * sizeof(*cmd));
	/* The rest of the line is the command's, options included. */
	state->next = state->argc;
	return 0;
}

int runcmd_take_line(const char *line)
{
	size_t n = 0, len = strlen(line);
	char *copy = strdup(line);
	/* At most one word per two characters, and the NULL. */
	char **v = calloc(len / 2 + 2, sizeof(*v));
	if (!copy || !v) {
		free(copy);
		free(v);
		return ENOMEM;
	}
	for (char *save, *w = strtok_r(copy, " \t\n", &save); w; w = strtok_r(NULL, " \t\n", &save))
		v[n++] = w;
	if (!n) {
		log_err("-c needs a command to run");
		free(copy);
		free(v);
		return EINVAL;
	}
	cmd = v;
	return 0;
}

bool runcmd_given(void)
{
	return cmd != NULL;
}

/* execvp's search, done beforehand into cmd_path: a command that is not
 * there fails before anything is attached, with the reason execvp would
 * give, and the traced process makes one execve, not one per PATH entry. */
static int find_command(const char *name)
{
	if (strchr(name, '/')) {
		snprintf(cmd_path, sizeof(cmd_path), "%s", name);
		return access(name, X_OK) ? -errno : 0;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/bin:/usr/bin"; /* glibc's default for execvp */
	int err = -ENOENT;
	for (const char *p = path;; p++) {
		const char *end = strchrnul(p, ':');
		char full[PATH_MAX];
		struct stat st;
		int len = end > p ? snprintf(full, sizeof(full), "%.*s/%s", (int)(end - p), p, name)
				  : snprintf(full, sizeof(full), "%s", name); /* empty entry: the current directory */
		if (len > 0 && (size_t)len < sizeof(full) && !stat(full, &st) && S_ISREG(st.st_mode)) {
			if (!access(full, X_OK)) {
				memcpy(cmd_path, full, len + 1);
				return 0;
			}
			err = -EACCES;
		}
		if (!*end)
			break;
		p = end;
	}
	return err;
}

static void on_sigchld(int sig)
{
	int saved = errno, status;
	(void)sig;
	if (child > 0 && waitpid(child, &status, WNOHANG) == child)
		loop_exiting = 1;
	errno = saved;
}

int runcmd_start(pid_t *pid)
{
	int go[2], ex[2];
	int err = find_command(cmd[0]);
	if (err) {
		log_err("cannot run '%s': %s", cmd[0], strerror(-err));
		return err;
	}
	if (pipe2(go, O_CLOEXEC))
		goto fail;
	if (pipe2(ex, O_CLOEXEC)) {
		close(go[0]);
		close(go[1]);
		goto fail;
	}
	/* Without SA_RESTART: the exit cuts the loop's poll short. */
	struct sigaction sa = { .sa_handler = on_sigchld, .sa_flags = SA_NOCLDSTOP };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	fflush(NULL); /* or the child's exit would write the tool's buffers again */
	pid_t p = fork();
	if (p < 0) {
		err = -errno;
		close(go[0]), close(go[1]), close(ex[0]), close(ex[1]);
		log_err("cannot start '%s': %s", cmd[0], strerror(-err));
		return err;
	}
	if (p == 0) {
		char c;
		ssize_t n;
		close(go[1]);
		close(ex[0]);
		do
			n = read(go[0], &c, 1);
		while (n < 0 && errno == EINTR);
		if (n != 1)
			_exit(127); /* the tool could not start tracing */
		execv(cmd_path, cmd);
		int e = errno;
		if (write(ex[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	child = p;
	close(go[0]);
	close(ex[1]);
	go_fd = go[1];
	err_fd = ex[0];
	*pid = p;
	return 0;
fail:
	err = -errno;
	log_err("cannot start '%s': %s", cmd[0], strerror(-err));
	return err;
}

void runcmd_go(void)
{
	if (go_fd < 0)
		return;
	if (write(go_fd, "x", 1) != 1)
		log_warn("cannot start '%s': %s", cmd[0], strerror(errno));
	close(go_fd);
	go_fd = -1;
}

int runcmd_finish(void)
{
	if (child <= 0)
		return 0;
	if (go_fd >= 0) {
		close(go_fd); /* never released: it reads EOF and gives up */
		go_fd = -1;
	}
	/* The exec's errno, if it failed; a command still running (Ctrl-C,
	 * -d) has written nothing and is left to run, as BCC leaves it. */
	int e = 0, err = 0;
	fcntl(err_fd, F_SETFL, O_NONBLOCK);
	if (read(err_fd, &e, sizeof(e)) == sizeof(e)) {
		log_err("cannot run '%s': %s", cmd[0], strerror(e));
		err = -e;
	}
	close(err_fd);
	err_fd = -1;
	return err;
}
