#include "core/stackfmt.h"

#include "core/stacks.h"
#include "core/symbols.h"

#include <string.h>

#define MAX_INLINE 8

static void print_frames(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid, FILE *out)
{
	for (int i = 0; i < n; i++) {
		const char *names[MAX_INLINE];
		int k = kernel ? symbols_kernel(f->syms, ips[i], names, MAX_INLINE)
			       : symbols_user(f->syms, pid, ips[i], names, MAX_INLINE);
		for (int j = 0; j < k; j++) {
			if (f->addresses)
				fprintf(out, "  %-16llx %s\n", (unsigned long long)ips[i], names[j]);
			else
				fprintf(out, "  %s\n", names[j]);
		}
	}
}

static size_t append(char *buf, size_t len, size_t off, const char *s)
{
	if (off + 1 < len)
		off += snprintf(buf + off, len - off, "%s%s", off ? ";" : "", s);
	return off < len ? off : len - 1;
}

/* Outermost first; inline chains come innermost first, so reverse them. */
static size_t append_frames(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid, char *buf,
			    size_t len, size_t off)
{
	for (int i = n - 1; i >= 0; i--) {
		const char *names[MAX_INLINE];
		int k = kernel ? symbols_kernel(f->syms, ips[i], names, MAX_INLINE)
			       : symbols_user(f->syms, pid, ips[i], names, MAX_INLINE);
		for (int j = k - 1; j >= 0; j--)
			off = append(buf, len, off, names[j]);
	}
	return off;
}

void stackfmt_folded(const struct stackfmt *f, const struct stack_record *r, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = 0;
	off = append(buf, len, off, r->comm);
	off = append_frames(f, r->uips, r->nu, false, r->pid, buf, len, off);
	if (f->delimiter)
		off = append(buf, len, off, "-");
	append_frames(f, r->kips, r->nk, true, 0, buf, len, off);
}

void stackfmt_print(const struct stackfmt *f, const struct stack_record *r, FILE *out)
{
	if (f->folded) {
		char line[16384];
		stackfmt_folded(f, r, line, sizeof(line));
		fprintf(out, "%s %llu\n", line, (unsigned long long)r->count);
		return;
	}
	print_frames(f, r->kips, r->nk, true, 0, out);
	if (f->delimiter)
		fprintf(out, "    --\n");
	print_frames(f, r->uips, r->nu, false, r->pid, out);
	if (f->show_comm)
		fprintf(out, "    %s [%u]\n", r->comm, r->tgid);
	fprintf(out, "    %llu\n\n", (unsigned long long)r->count);
}
