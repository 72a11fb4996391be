#include "core/stacks/stackfmt.h"

#include "core/output.h"
#include "core/record.h"
#include "core/stacks/stacks.h"
#include "core/stacks/symbols.h"
#include "histo/json.h"

#include <string.h>

#define MAX_INLINE 8

static int first_real_frame(const struct stackfmt *f, const uint64_t *ips, int n);

static void print_frames(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid, FILE *out)
{
	stackfmt_frames(f, ips, n, kernel, pid, false, out);
}

void stackfmt_frames(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid,
		     bool outermost_first, FILE *out)
{
	const char *indent = f->profile_style ? "    " : "  ";
	int first = kernel ? first_real_frame(f, ips, n) : 0;
	for (int step = 0; step < n - first; step++) {
		int i = outermost_first ? n - 1 - step : first + step;
		const char *names[MAX_INLINE];
		int k = kernel ? symbols_kernel(f->syms, ips[i], names, MAX_INLINE)
			       : symbols_user(f->syms, pid, ips[i], names, MAX_INLINE);
		for (int j = 0; j < k; j++) {
			if (f->addresses)
				fprintf(out, f->profile_style ? "%s0x%-16llx %s\n" : "%s%-16llx %s\n", indent,
					(unsigned long long)ips[i], names[j]);
			else
				fprintf(out, "%s%s\n", indent, names[j]);
		}
	}
}

/* Kernel stacks taken in a BPF program start inside the BPF plumbing that
 * ran it (the program, bpf_trace_runN, the tracepoint stub): not part of
 * what the user traced, so they are skipped. */
static int first_real_frame(const struct stackfmt *f, const uint64_t *ips, int n)
{
	return stackfmt_first_kernel_frame(f->syms, ips, n);
}

int stackfmt_first_kernel_frame(struct symbols *syms, const uint64_t *ips, int n)
{
	static const char *const plumbing[] = { "bpf_prog_", "bpf_trace_run", "__bpf_trace_", "__traceiter_",
						"bpf_dispatcher", "__bpf_prog_enter", "bpf_trampoline_", NULL };
	int i = 0;
	for (; i < n; i++) {
		const char *name;
		if (symbols_kernel(syms, ips[i], &name, 1) < 1)
			break;
		bool skip = false;
		for (int k = 0; plumbing[k]; k++)
			skip |= !strncmp(name, plumbing[k], strlen(plumbing[k]));
		if (!skip)
			break;
	}
	return i;
}

/* A stack id of -EFAULT means an empty stack (kernel threads have no user
 * stack); other errors (a full map) mean a lost one. */
static bool missed(int64_t id)
{
	return id < 0 && id != -14;
}

size_t stackfmt_append_text(char *buf, size_t len, size_t off, const char *s)
{
	if (off + 1 < len)
		off += snprintf(buf + off, len - off, "%s%s", off ? ";" : "", s);
	return off < len ? off : len - 1;
}

#define append stackfmt_append_text

/* Outermost first; inline chains come innermost first, so reverse them. */
size_t stackfmt_append(const struct stackfmt *f, const uint64_t *ips, int n, bool kernel, int pid, char *buf,
			    size_t len, size_t off)
{
	int first = kernel ? first_real_frame(f, ips, n) : 0;
	for (int i = n - 1; i >= first; i--) {
		const char *names[MAX_INLINE];
		int k = kernel ? symbols_kernel(f->syms, ips[i], names, MAX_INLINE)
			       : symbols_user(f->syms, pid, ips[i], names, MAX_INLINE);
		for (int j = k - 1; j >= 0; j--) {
			char tagged[700];
			const char *name = names[j];
			if (kernel && f->kernel_suffix) {
				snprintf(tagged, sizeof(tagged), "%s%s", names[j], f->kernel_suffix);
				name = tagged;
			}
			off = append(buf, len, off, name);
		}
	}
	return off;
}

void stackfmt_folded(const struct stackfmt *f, const struct stack_record *r, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = 0;
	off = append(buf, len, off, r->comm);
	if (!f->profile_style) {
		off = stackfmt_append(f, r->uips, r->nu, false, r->pid, buf, len, off);
		if (f->delimiter)
			off = append(buf, len, off, "-");
		stackfmt_append(f, r->kips, r->nk, true, 0, buf, len, off);
		return;
	}
	if (f->user)
		off = missed(r->ustack_id) ? append(buf, len, off, "[Missed User Stack]")
					   : stackfmt_append(f, r->uips, r->nu, false, r->pid, buf, len, off);
	if (f->kernel) {
		if (f->delimiter && r->kstack_id >= 0 && r->ustack_id >= 0)
			off = append(buf, len, off, "-");
		off = missed(r->kstack_id) ? append(buf, len, off, "[Missed Kernel Stack]")
					   : stackfmt_append(f, r->kips, r->nk, true, 0, buf, len, off);
	}
}

static void print_profile_style(const struct stackfmt *f, const struct stack_record *r, FILE *out)
{
	if (f->kernel) {
		if (missed(r->kstack_id))
			fprintf(out, "    [Missed Kernel Stack]\n");
		else
			print_frames(f, r->kips, r->nk, true, 0, out);
	}
	if (f->user) {
		if (f->delimiter && r->ustack_id >= 0 && r->kstack_id >= 0)
			fprintf(out, "    --\n");
		if (missed(r->ustack_id))
			fprintf(out, "    [Missed User Stack]\n");
		else
			print_frames(f, r->uips, r->nu, false, r->pid, out);
	}
	fprintf(out, "    %-16s %s (%u)\n", "-", r->comm, r->pid);
	fprintf(out, "        %llu\n\n", (unsigned long long)r->count);
}

void stackfmt_json_stack(const struct stackfmt *f, struct json *j, const char *key, const uint64_t *ips, int n,
			 int64_t id, bool kernel, int pid)
{
	if (missed(id)) {
		json_null(j, key);
		return;
	}
	json_array(j, key);
	for (int i = kernel ? first_real_frame(f, ips, n) : 0; i < n; i++) {
		const char *names[MAX_INLINE];
		int k = kernel ? symbols_kernel(f->syms, ips[i], names, MAX_INLINE)
			       : symbols_user(f->syms, pid, ips[i], names, MAX_INLINE);
		for (int m = 0; m < k; m++)
			json_str(j, NULL, names[m]);
	}
	json_close(j);
}

static void print_json(const struct stackfmt *f, const struct stack_record *r, FILE *out)
{
	struct json j;
	json_init(&j, out, false);
	json_object(&j, NULL);
	json_str(&j, "comm", r->comm);
	json_u64(&j, "pid", r->pid);
	json_u64(&j, "count", r->count);
	if (!f->profile_style || f->user)
		stackfmt_json_stack(f, &j, "user_stack", r->uips, r->nu, r->ustack_id, false, r->pid);
	if (!f->profile_style || f->kernel)
		stackfmt_json_stack(f, &j, "kernel_stack", r->kips, r->nk, r->kstack_id, true, 0);
	json_line_end(&j);
}

void stackfmt_print(const struct stackfmt *f, const struct stack_record *r, FILE *out)
{
	if (f->json) {
		print_json(f, r, out);
		return;
	}
	if (f->folded) {
		char line[16384];
		stackfmt_folded(f, r, line, sizeof(line));
		fprintf(out, "%s %llu\n", line, (unsigned long long)r->count);
		return;
	}
	if (f->profile_style) {
		print_profile_style(f, r, out);
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

void stackfmt_event_stack(struct symbols *syms, const char *kind, const uint64_t *ips, int n, bool kernel, int pid)
{
	enum { MAX_FRAMES = 128 };
	const char *names[MAX_FRAMES];
	n = n > MAX_FRAMES ? MAX_FRAMES : n < 0 ? 0 : n;
	for (int i = 0; i < n; i++) {
		names[i] = "[unknown]";
		if (kernel)
			symbols_kernel(syms, ips[i], &names[i], 1);
		else
			symbols_user(syms, pid, ips[i], &names[i], 1);
	}
	if (output_mode == OUTPUT_JSON) {
		rec_list(kernel ? "kernel_stack" : "user_stack", names, n);
		return;
	}
	if (!n)
		printf("    [Missed %s Stack]\n", kind);
	for (int i = 0; i < n; i++)
		printf("        %s\n", names[i]);
}
