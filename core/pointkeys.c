#include "core/pointkeys.h"

#include "core/features.h"
#include "core/log.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* probes/lib/dynamic.bpf.h's DYNAMIC_UPROBE_KEY, DYNAMIC_TRACEPOINT_KEY. */
#define UPROBE_KEY 0
#define TRACEPOINT_KEY 1

bool pointkeys_used(void)
{
	return !feature_has(FEAT_COOKIE);
}

int pointkeys_prepare(struct bpf_object *obj, int n, int ntp, int nup, int nusdt)
{
	if (!pointkeys_used())
		return 0;
	/* USDT probes: libbpf's own fallback (by address) counted the hits
	 * of two probes as the first's on 5.10. */
	int many = ntp > 1 ? ntp : nup > 1 ? nup : nusdt > 1 ? nusdt : 0;
	if (many) {
		log_err("cannot tell %d %s apart in one run: %s: %s; name one", many,
			ntp > 1 ? "tracepoints" : nup > 1 ? "user functions" : "USDT probes", feature_name(FEAT_COOKIE),
			feature_reason(FEAT_COOKIE));
		return -EOPNOTSUPP;
	}
	struct bpf_map *map = bpf_object__find_map_by_name(obj, "dynamic_points");
	if (!map) {
		log_err("internal error: the BPF object has no dynamic_points map");
		return -ENOENT;
	}
	int err = bpf_map__set_max_entries(map, n > 0 ? n : 1);
	if (err)
		return err;
	/* Only the object is needed to reach its .rodata. */
	struct tracer t = { .obj = obj };
	bool keyed = true;
	err = tracer_set_rodata(&t, "dynamic_keyed", &keyed, sizeof(keyed));
	if (err)
		log_err("internal error: the BPF object has no dynamic_keyed");
	return err;
}

static int by_target(const void *a, const void *b)
{
	const struct attach_point *const *x = a, *const *y = b;
	return strcmp((*x)->target, (*y)->target);
}

static int put(int fd, uint64_t key, uint64_t point)
{
	return bpf_map_update_elem(fd, &key, &point, BPF_NOEXIST) && errno != EEXIST ? -errno : 0;
}

/* Kernel functions by the address a kprobe on their name takes: the
 * first of that name in /proc/kallsyms, as the kernel's own lookup. */
static int fill_kprobes(int fd, const struct attach_point *pts, int n, const bool *done)
{
	const struct attach_point **sorted = calloc(n, sizeof(*sorted));
	bool *seen = calloc(n, sizeof(*seen));
	int cnt = 0, found = 0, err = 0;
	if (!sorted || !seen) {
		err = -ENOMEM;
		goto out;
	}
	for (int i = 0; i < n; i++)
		if (pts[i].kind == PAT_KPROBE && !done[i])
			sorted[cnt++] = &pts[i];
	if (!cnt)
		goto out;
	qsort(sorted, cnt, sizeof(*sorted), by_target);
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f) {
		err = -errno;
		log_err("cannot read /proc/kallsyms for the kernel functions' addresses: %s", strerror(-err));
		goto out;
	}
	char line[512];
	while (found < cnt && fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		struct attach_point key = { .target = name }, *kp = &key;
		const struct attach_point **hit = bsearch(&kp, sorted, cnt, sizeof(*sorted), by_target);
		/* Every point of that name (one, unless given twice). */
		while (hit && hit > sorted && !strcmp(hit[-1]->target, name))
			hit--;
		for (; hit && hit < sorted + cnt && !strcmp((*hit)->target, name); hit++) {
			if (seen[hit - sorted])
				continue;
			seen[hit - sorted] = true;
			found++;
			err = put(fd, addr, *hit - pts);
			if (err) {
				log_err("cannot key kernel function %s: %s", (*hit)->name, strerror(-err));
				break;
			}
		}
		if (err)
			break;
	}
	fclose(f);
	/* One not found is left to attaching, which names it. */
	if (!err && found < cnt)
		log_debug("%d of %d kernel functions not in /proc/kallsyms", cnt - found, cnt);
out:
	free(sorted);
	free(seen);
	return err;
}

int pointkeys_fill(struct bpf_object *obj, const struct attach_point *pts, int n, const bool *done)
{
	if (!pointkeys_used())
		return 0;
	int fd = bpf_map__fd(bpf_object__find_map_by_name(obj, "dynamic_points"));
	if (fd < 0) {
		log_err("internal error: the dynamic_points map was not created");
		return -ENOENT;
	}
	int err = fill_kprobes(fd, pts, n, done);
	for (int i = 0; i < n && !err; i++) {
		if (done[i] || (pts[i].kind != PAT_TRACEPOINT && pts[i].kind != PAT_UPROBE))
			continue;
		err = put(fd, pts[i].kind == PAT_TRACEPOINT ? TRACEPOINT_KEY : UPROBE_KEY, i);
		if (err)
			log_err("cannot key %s: %s", pts[i].name, strerror(-err));
	}
	return err;
}
