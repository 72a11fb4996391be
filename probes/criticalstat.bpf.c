// SPDX-License-Identifier: GPL-2.0
/* criticalstat: no BPF programs yet.  Every kernel this project runs on lacks what
 * the tool needs (cmd/criticalstat.c says which, in one line, before anything is
 * loaded), so there is nothing here that could be tested. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "common.bpf.h"

char LICENSE[] SEC("license") = "GPL";
