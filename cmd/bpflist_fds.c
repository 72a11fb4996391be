/* The BPF objects processes hold, from their file descriptors: each is an
 * anonymous inode named for its kind ("anon_inode:bpf-prog", "bpf-map",
 * "bpf_link", "btf"), its ID in /proc/PID/fdinfo. */
#include "cmd/bpflist.h"

#include "core/log.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The kind of a descriptor's link text, NULL for anything not BPF's. */
static const char *kind_of(const char *link, char *buf, size_t len)
{
	static const char anon[] = "anon_inode:";
	if (strncmp(link, anon, sizeof(anon) - 1))
		return NULL;
	link += sizeof(anon) - 1;
	if (!strcmp(link, "btf"))
		return "btf";
	if (strncmp(link, "bpf", 3) || (link[3] != '-' && link[3] != '_') || !link[4])
		return NULL;
	if (snprintf(buf, len, "%s", link + 4) >= (int)len)
		return NULL; /* no kind the kernel names is this long */
	return buf;
}

/* "prog_id:\t11319" (or map_id) in the descriptor's fdinfo: 0 when absent. */
static uint32_t id_of(pid_t pid, const char *fd, const char *type)
{
	char path[320], key[16], line[128];
	uint32_t id = 0;
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%s", pid, fd);
	int klen = snprintf(key, sizeof(key), "%s_id:", type);
	FILE *f = fopen(path, "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, (size_t)klen))
			id = (uint32_t)strtoul(line + klen, NULL, 10);
	if (f)
		fclose(f);
	return id;
}

/* A process that ended while being read, or one this user cannot read,
 * has nothing to list: not an error. */
static int scan_process(struct bpflist *l, pid_t pid, bool ids)
{
	char dir[64], path[320], link[128], kind[16];
	snprintf(dir, sizeof(dir), "/proc/%d/fd", pid);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int rc = 0;
	for (struct dirent *e; !rc && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ssize_t n = readlink(path, link, sizeof(link) - 1);
		if (n < 0)
			continue;
		link[n] = 0;
		const char *type = kind_of(link, kind, sizeof(kind));
		if (!type)
			continue;
		bool named = ids && (!strcmp(type, "prog") || !strcmp(type, "map"));
		rc = bpflist_add(l, pid, type, named ? id_of(pid, e->d_name, type) : 0);
	}
	closedir(d);
	return rc;
}

int bpflist_fds(struct bpflist *l, bool ids)
{
	DIR *proc = opendir("/proc");
	if (!proc) {
		int e = errno;
		log_err("cannot read /proc: %s", strerror(e));
		return -e;
	}
	int rc = 0;
	for (struct dirent *e; !rc && (e = readdir(proc));) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (isdigit((unsigned char)e->d_name[0]) && !*end && pid != getpid())
			rc = scan_process(l, (pid_t)pid, ids);
	}
	closedir(proc);
	if (rc)
		log_err("out of memory");
	return rc;
}
