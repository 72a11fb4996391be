/* A BPF object a user compiled (clang -target bpf -c x.bpf.c), loaded and
 * attached by its programs' section names as libbpf's auto-attach reads
 * them (tracepoint/, tp/, raw_tp/, tp_btf/, uprobe/, uretprobe/, usdt/,
 * kprobe/, kretprobe/, fentry/, fexit/ ...).  Every refusal is one line:
 * a file that is no BPF object, an object without programs, a section
 * nothing attaches or whose mechanism this kernel lacks (said before
 * anything is loaded), and on failure nothing stays attached. */
#ifndef BPFKIT_CORE_USEROBJ_H
#define BPFKIT_CORE_USEROBJ_H
#include <stdbool.h>
#include <stdint.h>

struct bpf_object;
struct bpf_link;

struct userobj {
	const char *path;
	struct bpf_object *obj;
	struct bpf_link **links;
	int nlinks;
};

/* Open path and check its programs' sections against this kernel. */
int userobj_open(struct userobj *u, const char *path);
/* An integer into a `const volatile` variable of the object, before load:
 * -ENOENT (printed) when it has none of that name. */
int userobj_set(struct userobj *u, const char *var, uint64_t val);
/* The same where the object has the variable; 0 when it has none. */
int userobj_set_if(struct userobj *u, const char *var, uint64_t val);
/* Whether a program calls bpf_trace_printk or bpf_trace_vprintk. */
bool userobj_prints(const struct userobj *u);
int userobj_load(struct userobj *u);
int userobj_attach(struct userobj *u);
/* Detaches and closes; safe on a zeroed or half-made userobj. */
void userobj_close(struct userobj *u);

#endif
