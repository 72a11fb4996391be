// SPDX-License-Identifier: GPL-2.0
/* bashreadline: each line readline() returns to a bash, at its return. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "bashreadline.h"

SEC("uretprobe")
int BPF_URETPROBE(readline_uretprobe, const char *line)
{
	struct readline_event e = {};
	if (!line)
		return 0; /* end of input */
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	/* The shared library's readline serves other programs too: bash's
	 * only, as BCC. */
	if (e.comm[0] != 'b' || e.comm[1] != 'a' || e.comm[2] != 's' || e.comm[3] != 'h' || e.comm[4])
		return 0;
	e.pid = bpf_get_current_pid_tgid() >> 32;
	bpf_probe_read_user_str(e.line, sizeof(e.line), line);
	events_output(ctx, &e, sizeof(e));
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
