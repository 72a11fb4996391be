/* bpfkit run's bad input: a program that attaches, then a uprobe on a
 * function that does not exist: the first must not stay attached. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("tracepoint/syscalls/sys_enter_getppid")
int bpfkit_run_first(void *ctx)
{
	return 0;
}

SEC("uprobe//bin/sh:bpfkit_no_such_function")
int bpfkit_run_nosym(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
