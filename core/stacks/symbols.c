/* Frames as the stack tools print them, from symbolize/: BCC's "func" and
 * "func+0x1a" and "[unknown]", plus inlined functions as frames of their
 * own ("leaf [inlined]") and " (file.c:123)" when asked. */
#include "core/stacks/symbols.h"

#include "core/log.h"
#include "core/privilege.h"
#include "symbolize/symbolize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_FRAMES 16
#define RING 32

struct symbols {
	struct symbols_opts o;
	struct symbolizer *s;
	char buf[RING][640];
	int which;
	/* Each "why every frame is [unknown]" hint is printed once. */
	bool kernel_checked, user_warned;
};

struct symbols *symbols_open(const struct symbols_opts *o)
{
	struct symbols *y = calloc(1, sizeof(*y));
	if (!y)
		return NULL;
	if (o)
		y->o = *o;
	/* BCC demangles C++ names in stacks; so do we. */
	struct symbolizer_opts so = { .dwarf = y->o.lines || y->o.inlines || y->o.dwarf,
				      .inlines = y->o.inlines || y->o.dwarf,
				      .demangle = true, .note = log_debug };
	y->s = symbolizer_new(&so);
	if (!y->s) {
		free(y);
		return NULL;
	}
	return y;
}

void symbols_close(struct symbols *y)
{
	if (!y)
		return;
	symbolizer_free(y->s);
	free(y);
}

static const char *format(struct symbols *y, const struct sym_frame *f, bool outermost, bool kernel)
{
	char *b = y->buf[y->which++ % RING];
	size_t len = sizeof(y->buf[0]);
	if (!f->name) {
		snprintf(b, len, "[unknown]");
		return b;
	}
	/* "memcpy@@GLIBC_2.14" (symbol versions in debug files' tables) reads
	 * as the plain name everywhere else. */
	int n = (int)strcspn(f->name, "@");
	if (n == 0)
		n = (int)strlen(f->name);
	int off = snprintf(b, len, "%.*s", n, f->name);
	if (y->o.offsets && outermost && !f->inlined && off < (int)len)
		off += snprintf(b + off, len - off, "+0x%llx", (unsigned long long)f->offset);
	if (f->inlined && off < (int)len)
		off += snprintf(b + off, len - off, " [inlined]");
	if (y->o.lines && f->file && f->line && off < (int)len) {
		const char *base = strrchr(f->file, '/');
		off += snprintf(b + off, len - off, " (%s:%u)", base ? base + 1 : f->file, f->line);
	}
	if (y->o.modules && outermost && off < (int)len) {
		const char *m = f->module ? strrchr(f->module, '/') : NULL;
		snprintf(b + off, len - off, " [%s]", m ? m + 1 : f->module ? f->module : kernel ? "kernel" : "unknown");
	}
	return b;
}

static int emit(struct symbols *y, const struct sym_frame *f, int n, const char **frames, int max, bool kernel)
{
	/* Too deep an inline chain loses its innermost frames, never the
	 * function the code is in. */
	int skip = n > max ? n - max : 0;
	for (int i = skip; i < n; i++)
		frames[i - skip] = format(y, &f[i], i == n - 1, kernel);
	return n - skip;
}

int symbols_kernel(struct symbols *y, uint64_t addr, const char **frames, int max)
{
	if (max < 1)
		return 0;
	if (!y->kernel_checked) {
		y->kernel_checked = true;
		const char *why = priv_kernel_addrs_missing();
		if (why)
			log_warn("kernel frames will show as [unknown]: %s", why);
	}
	struct sym_frame f[MAX_FRAMES];
	int n = sym_kernel(y->s, addr, f, MAX_FRAMES);
	return emit(y, f, n, frames, max, true);
}

/* An unknown user frame is normal (JIT code, stripped libraries), but when
 * it is because the process's mappings are out of this process's reach, say
 * so: otherwise a user with CAP_BPF and CAP_PERFMON sees only [unknown]. */
static void warn_unreadable_maps(struct symbols *y, int pid)
{
	if (y->user_warned || priv_has_cap(PRIV_CAP_SYS_PTRACE))
		return;
	const char *why = priv_proc_missing(-priv_proc_readable(pid));
	if (!why)
		return;
	y->user_warned = true;
	log_warn("user frames of other users' processes will show as [unknown]: %s", why);
}

int symbols_user(struct symbols *y, int pid, uint64_t addr, const char **frames, int max)
{
	if (max < 1)
		return 0;
	struct sym_frame f[MAX_FRAMES];
	int n = sym_user(y->s, pid, addr, f, MAX_FRAMES);
	if (n <= 0 || !f[0].name)
		warn_unreadable_maps(y, pid);
	return emit(y, f, n, frames, max, false);
}

int symbols_kernel_frames(struct symbols *y, uint64_t addr, struct sym_frame *f, int max)
{
	return sym_kernel(y->s, addr, f, max);
}

int symbols_user_frames(struct symbols *y, int pid, uint64_t addr, struct sym_frame *f, int max)
{
	int n = sym_user(y->s, pid, addr, f, max);
	if (n <= 0 || !f[0].name)
		warn_unreadable_maps(y, pid);
	return n;
}

int symbols_user_mapping(struct symbols *y, int pid, uint64_t addr, struct sym_mapping *m)
{
	return sym_user_mapping(y->s, pid, addr, m);
}

void symbols_preload(struct symbols *y, int pid)
{
	/* While the process still runs: by the time its stacks are printed it
	 * may be gone, and then nothing tells why its frames are unknown. */
	warn_unreadable_maps(y, pid);
	sym_preload(y->s, pid);
}

void symbols_forget(struct symbols *y, int pid)
{
	sym_forget(y->s, pid);
}

/* The fentry site: the call into the trampoline is a function's first
 * instruction, after an endbr64 where there is one, so the address it
 * returns to is at most this far in. */
#define FENTRY_SITE_MAX 16

int symbols_kernel_untrampoline(struct symbols *y, uint64_t *ips, int n)
{
	int out = 0;
	for (int i = 0; i < n; i++) {
		struct sym_frame f[MAX_FRAMES];
		int k = sym_kernel(y->s, ips[i], f, MAX_FRAMES);
		const char *sym = k > 0 ? f[k - 1].symbol ? f[k - 1].symbol : f[k - 1].name : NULL;
		if (sym && !strncmp(sym, "bpf_trampoline_", 15)) {
			/* The traced function's frame at its call into the
			 * trampoline; its body, where it is in progress
			 * below a traced callee, is the frame before. */
			if (i + 1 < n && (k = sym_kernel(y->s, ips[i + 1], f, MAX_FRAMES)) > 0 &&
			    f[k - 1].offset <= FENTRY_SITE_MAX)
				i++;
			continue;
		}
		ips[out++] = ips[i];
	}
	return out;
}
