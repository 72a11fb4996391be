// SPDX-License-Identifier: GPL-2.0
/* cpufreq: no BPF programs yet.  No machine this project runs on has a CPU
 * frequency driver (cmd/cpufreq.c says so, in one line, before anything is
 * loaded), so there is nothing here that could be tested. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "common.bpf.h"

char LICENSE[] SEC("license") = "GPL";
