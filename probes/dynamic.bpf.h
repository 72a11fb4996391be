/* Entry programs for tools that attach one handler to many run-time
 * attach points (core/attach.c): each kind of probe gets a program of the
 * fixed name core/attach.c looks for, and all call the tool's
 *     static __always_inline int on_hit(void *ctx, __u64 cookie);
 * with the cookie naming which attach point fired.  Define on_hit before
 * including this file. */
#ifndef BPFKIT_PROBES_DYNAMIC_BPF_H
#define BPFKIT_PROBES_DYNAMIC_BPF_H
#include <bpf/usdt.bpf.h>

SEC("kprobe")
int on_kprobe(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("kprobe.multi")
int on_kprobe_multi(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("uprobe")
int on_uprobe(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("uprobe.multi")
int on_uprobe_multi(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("tracepoint")
int on_tracepoint(void *ctx)
{
	return on_hit(ctx, bpf_get_attach_cookie(ctx));
}

SEC("usdt")
int on_usdt(struct pt_regs *ctx)
{
	return on_hit(ctx, bpf_usdt_cookie(ctx));
}

#endif
