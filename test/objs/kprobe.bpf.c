/* bpfkit run on a section whose mechanism a kernel may lack: a kprobe
 * (none on a kernel without CONFIG_KPROBES), and one nothing attaches. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("kprobe/do_sys_openat2")
int on_open(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
