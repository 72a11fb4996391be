/* The JIT map reader on maps this test writes as /tmp/perf-OURPID.map,
 * through openat2 and through the component-wise fallback older kernels
 * get: names and the newest entry winning; symlinks and FIFOs refused
 * without blocking; lines too long skipped; no more than 1M entries; a
 * last line without its newline read.  Unprivileged (the owner check
 * against another user is in test/live/perfmap.sh, which can chown). */
#include "symbolize/procmaps.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/unit/check.h"

static char path[64];
static struct proc_owner own;

static void put(const char *text)
{
	unlink(path);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

static const char *name_at(const struct perfmap *m, uint64_t addr)
{
	uint64_t off = 0;
	const char *n = perfmap_find(m, addr, &off);
	return n ? n : "(none)";
}

static void one_way(bool fallback)
{
	perfmap_no_openat2 = fallback;
	const char *how = fallback ? "component-wise" : "openat2";
	char why[256];

	/* The JIT reused 0x1000: its later line is the one that holds. */
	put("1000 20 old_fn\n2000 10 other\n1000 20 new_fn\n3000 8 no_newline");
	struct perfmap *m = perfmap_load(getpid(), &own, why, sizeof(why));
	CHECK(m, "%s: regular map not read: %s", how, why);
	CHECK(!strcmp(name_at(m, 0x1010), "new_fn"), "%s: 0x1010 is %s", how, name_at(m, 0x1010));
	CHECK(!strcmp(name_at(m, 0x2008), "other"), "%s: 0x2008 is %s", how, name_at(m, 0x2008));
	CHECK(!strcmp(name_at(m, 0x3004), "no_newline"), "%s: 0x3004 is %s", how, name_at(m, 0x3004));
	CHECK(!strcmp(name_at(m, 0x2010), "(none)"), "%s: 0x2010 is %s", how, name_at(m, 0x2010));
	perfmap_free(m);

	unlink(path);
	char target[80];
	snprintf(target, sizeof(target), "%s.real", path);
	FILE *f = fopen(target, "w");
	fputs("1000 20 through_link\n", f);
	fclose(f);
	CHECK(!symlink(target, path), "symlink: %s", strerror(errno));
	m = perfmap_load(getpid(), &own, why, sizeof(why));
	CHECK(!m && strstr(why, "symbolic link"), "%s: a symlinked map was read (%s)", how, why);
	perfmap_free(m);
	unlink(target);

	unlink(path);
	CHECK(!mkfifo(path, 0600), "mkfifo: %s", strerror(errno));
	alarm(10); /* a blocking open would end the test here, loudly */
	m = perfmap_load(getpid(), &own, why, sizeof(why));
	alarm(0);
	CHECK(!m && strstr(why, "not a regular file"), "%s: FIFO: %s", how, why);
	perfmap_free(m);
	unlink(path);
	printf("ok: %s: names, newest wins, symlink and FIFO refused\n", how);
}

/* Under a seccomp filter that refuses openat2 with EPERM (container
 * runtimes' defaults before they knew it), in a child: the map is still
 * read, by the fallback. */
static void seccomp_eperm(void)
{
	put("1000 20 under_seccomp\n");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		struct sock_filter f[] = {
			BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
			BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
			BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		};
		struct sock_fprog prog = { sizeof(f) / sizeof(f[0]), f };
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(2);
		perfmap_no_openat2 = false;
		char why[256];
		struct perfmap *m = perfmap_load(getpid(), &own, why, sizeof(why));
		_exit(m && !strcmp(name_at(m, 0x1008), "under_seccomp") ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	CHECK(ok, "under a seccomp filter refusing openat2: status %#x", status);
	if (ok)
		printf("ok: openat2 refused by seccomp (EPERM): read by the fallback\n");
	unlink(path);
}

static void bounds(void)
{
	char why[256];
	/* A line of 100000 characters between two good ones: skipped whole,
	 * its tail not taken for a line of its own. */
	size_t big = 100000;
	char *text = malloc(big + 64);
	strcpy(text, "1000 10 before\n");
	size_t at = strlen(text);
	memcpy(text + at, "5000 10 ", 8);
	memset(text + at + 8, 'x', big);
	at += 8 + big;
	strcpy(text + at, " 6000 10 tail\n7000 10 after\n");
	put(text);
	free(text);
	struct perfmap *m = perfmap_load(getpid(), &own, why, sizeof(why));
	CHECK(m && !strcmp(name_at(m, 0x1000), "before") && !strcmp(name_at(m, 0x7000), "after"),
	      "good lines around a long one: %s %s", name_at(m, 0x1000), name_at(m, 0x7000));
	CHECK(!strcmp(name_at(m, 0x5000), "(none)") && !strcmp(name_at(m, 0x6000), "(none)"),
	      "a 100000-character line was read: %s %s", name_at(m, 0x5000), name_at(m, 0x6000));
	perfmap_free(m);

	/* 1M entries are kept, the one after is not. */
	unlink(path);
	FILE *f = fopen(path, "w");
	for (unsigned i = 0; i <= 1u << 20; i++)
		fprintf(f, "%x 1 f%u\n", 0x10000000 + i, i);
	fclose(f);
	m = perfmap_load(getpid(), &own, why, sizeof(why));
	CHECK(m && !strcmp(name_at(m, 0x10000000 + (1u << 20) - 1), "f1048575"), "entry 1M-1: %s",
	      name_at(m, 0x10000000 + (1u << 20) - 1));
	CHECK(!strcmp(name_at(m, 0x10000000 + (1u << 20)), "(none)"), "entry 1M+1 kept: %s",
	      name_at(m, 0x10000000 + (1u << 20)));
	CHECK(strstr(why, "more than 1M entries"), "no note of the cut: '%s'", why);
	printf("ok: long lines skipped; 1M entries kept, the rest cut (%zu KiB; %s)\n", perfmap_bytes(m) >> 10, why);
	perfmap_free(m);
	unlink(path);
}

int main(void)
{
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", getpid());
	CHECK(!proc_owner_read(getpid(), &own), "cannot read our own status");
	CHECK(own.nspid == getpid() && own.uid[0] == geteuid(), "owner: pid %d uid %u", own.nspid, own.uid[0]);
	one_way(false);
	one_way(true);
	seccomp_eperm();
	bounds();
	unlink(path);
	if (failures)
		printf("%d failures\n", failures);
	return failures != 0;
}
