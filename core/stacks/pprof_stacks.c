#include "core/stacks/pprof_stacks.h"

#include "core/stacks/pprof.h"
#include "core/stacks/stackfmt.h"
#include "core/stacks/symbols.h"
#include "symbolize/symbolize.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MAX_INLINE 16

/* The kernel's build-id, from its notes (the same ELF notes a file's
 * build-id is in): perf and pprof match vmlinux by it. */
static size_t kernel_build_id(uint8_t *id, size_t max)
{
	static uint8_t cached[64];
	static ssize_t len = -1;
	if (len < 0) {
		uint8_t buf[4096];
		int fd = open("/sys/kernel/notes", O_RDONLY | O_CLOEXEC);
		ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
		if (fd >= 0)
			close(fd);
		len = 0;
		for (ssize_t off = 0; off + 12 <= n;) {
			uint32_t h[3];
			memcpy(h, buf + off, sizeof(h)); /* namesz, descsz, type */
			size_t name = (h[0] + 3) & ~3u, desc = (h[1] + 3) & ~3u;
			if (off + 12 + (ssize_t)(name + desc) > n)
				break;
			if (h[2] == 3 /* NT_GNU_BUILD_ID */ && h[0] == 4 && !memcmp(buf + off + 12, "GNU", 4) &&
			    h[1] <= sizeof(cached)) {
				memcpy(cached, buf + off + 12 + name, h[1]);
				len = h[1];
				break;
			}
			off += 12 + name + desc;
		}
	}
	size_t n = (size_t)len < max ? (size_t)len : max;
	memcpy(id, cached, n);
	return n;
}

static int64_t kernel_mapping(struct pprof *p)
{
	uint8_t id[64];
	/* The kernel half of the address space: modules and all. */
	struct pprof_mapping m = { .start = 0xffff800000000000ULL, .limit = ~0ULL, .file = "[kernel.kallsyms]", .last = true,
				   .build_id = id, .build_id_len = kernel_build_id(id, sizeof(id)) };
	return pprof_mapping(p, &m);
}

/* "memcpy@@GLIBC_2.14" (versioned names in debug files' tables) as the
 * plain name, as the text shows it. */
static const char *unversioned(const char *name, char *buf, size_t len)
{
	const char *at = name ? strchr(name, '@') : NULL;
	if (!at || at == name)
		return name;
	snprintf(buf, len, "%.*s", (int)(at - name), name);
	return buf;
}

static int64_t location(struct pprof *p, struct symbols *syms, uint64_t ip, bool kernel, int pid)
{
	int64_t mapping;
	if (kernel) {
		mapping = kernel_mapping(p);
	} else {
		struct sym_mapping sm;
		if (symbols_user_mapping(syms, pid, ip, &sm))
			sm = (struct sym_mapping){ .path = "[unknown]" };
		struct pprof_mapping m = { .start = sm.start, .limit = sm.limit, .offset = sm.offset, .file = sm.path,
					   .build_id = sm.build_id, .build_id_len = sm.build_id_len };
		mapping = pprof_mapping(p, &m);
	}
	if (mapping < 0)
		return mapping;
	int64_t id = pprof_location_find(p, (uint64_t)mapping, ip);
	if (id)
		return id;
	struct sym_frame f[MAX_INLINE];
	int n = kernel ? symbols_kernel_frames(syms, ip, f, MAX_INLINE)
		       : symbols_user_frames(syms, pid, ip, f, MAX_INLINE);
	struct pprof_line lines[MAX_INLINE];
	char names[MAX_INLINE][256], linkages[MAX_INLINE][256];
	int k = 0;
	for (int i = 0; i < n; i++) {
		if (!f[i].name)
			continue; /* no line: pprof shows the address */
		lines[k] = (struct pprof_line){
			.name = unversioned(f[i].name, names[k], sizeof(names[k])),
			.system_name = unversioned(f[i].linkage ? f[i].linkage : f[i].name, linkages[k], sizeof(linkages[k])),
			.file = f[i].file,
			.line = f[i].line,
		};
		k++;
	}
	return pprof_location_add(p, (uint64_t)mapping, ip, lines, k);
}

int pprof_stack(struct pprof *p, struct symbols *syms, const uint64_t *ips, int n, bool kernel, int pid,
		bool outermost_first, uint64_t *locs, int nlocs, int max)
{
	int first = kernel ? stackfmt_first_kernel_frame(syms, ips, n) : 0;
	for (int step = 0; step < n - first && nlocs < max; step++) {
		int i = outermost_first ? n - 1 - step : first + step;
		int64_t id = location(p, syms, ips[i], kernel, pid);
		if (id < 0)
			return (int)id;
		locs[nlocs++] = (uint64_t)id;
	}
	return nlocs;
}

int pprof_stack_marker(struct pprof *p, const char *name, uint64_t *locs, int nlocs, int max)
{
	if (nlocs >= max)
		return nlocs;
	int64_t id = pprof_pseudo_location(p, name);
	if (id < 0)
		return (int)id;
	locs[nlocs++] = (uint64_t)id;
	return nlocs;
}
