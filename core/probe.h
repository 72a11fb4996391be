/* Probe specs: a tool says WHAT it needs to see ("the execve syscall
 * returning", "a task being switched out") as a chain of ways to see it,
 * best first.  The engine picks, per kernel, the first way this kernel has,
 * loads only that program, and attaches it; when no way is left it names the
 * probe and what each mechanism lacked. */
#ifndef BPFKIT_CORE_PROBE_H
#define BPFKIT_CORE_PROBE_H
#include <stdbool.h>

struct bpf_object;
struct bpf_link;

enum probe_mech {
	PM_NONE,
	PM_FENTRY,
	PM_FEXIT,
	PM_KPROBE,
	PM_KRETPROBE,
	PM_TP_BTF,
	PM_RAW_TP,
	PM_TRACEPOINT,
};

struct probe_alt {
	enum probe_mech mech;
	const char *prog;   /* program name in the BPF object */
	const char *target; /* function, raw tracepoint name, or "category:event" */
};

#define PROBE_MAX_ALTS 4

struct probe_spec {
	const char *name; /* what a user calls it, used in messages */
	struct probe_alt alt[PROBE_MAX_ALTS];
	bool optional; /* the tool still works without it (a syscall this kernel lacks) */
};

const char *probe_mech_name(enum probe_mech m);

/* Choose one alternative per spec (chosen[i] = index, or -1 for a skipped
 * optional spec) and switch off autoload of every program not chosen, so the
 * kernel never sees programs it could not verify.  Returns -EOPNOTSUPP after
 * printing which probe could not be had and why. */
int probes_select(struct bpf_object *obj, const struct probe_spec *specs, int n, int *chosen);

/* Attach the chosen programs; on failure, links made so far are destroyed and
 * the failing probe is named. */
int probes_attach(struct bpf_object *obj, const struct probe_spec *specs, int n, const int *chosen,
		  struct bpf_link **links);

#endif
