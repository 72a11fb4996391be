// SPDX-License-Identifier: GPL-2.0
/* uflow: each method entry and return of one process, with its depth on
 * its thread, by the runtime's USDT probes. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "common.bpf.h"
#include "lang.bpf.h"
#include "uflow.h"

/* -C and -M: prefixes a class and a method must start with (length 0:
 * any). */
const volatile char class_prefix[LANG_NAME_LEN] = {};
const volatile __u32 class_len = 0;
const volatile char method_prefix[LANG_NAME_LEN] = {};
const volatile __u32 method_len = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64);
	__type(value, __u64);
} depths SEC(".maps");

static __always_inline bool starts(const char *s, const volatile char *prefix, __u32 len)
{
	for (int i = 0; i < LANG_NAME_LEN; i++) {
		if (i >= len)
			return true;
		if (s[i] != prefix[i])
			return false;
	}
	return true;
}

/* Filtered calls leave the depth alone, as in BCC: the depth counts the
 * calls shown. */
static __always_inline int on_method(struct pt_regs *ctx, struct lang_method *m, bool ret)
{
	if (!starts(m->clazz, class_prefix, class_len) || !starts(m->method, method_prefix, method_len))
		return 0;
	__u64 id = bpf_get_current_pid_tgid(), zero = 0;
	__u64 *depth = bpf_map_lookup_elem(&depths, &id);
	if (!depth) {
		bpf_map_update_elem(&depths, &id, &zero, BPF_NOEXIST);
		depth = bpf_map_lookup_elem(&depths, &id);
		if (!depth)
			return 0;
	}
	struct uflow_event e = { .pid = id >> 32, .tid = (__u32)id, .cpu = bpf_get_smp_processor_id() };
	if (ret) {
		e.depth = *depth | UFLOW_RETURN;
		if (*depth)
			(*depth)--;
	} else {
		e.depth = ++(*depth);
	}
	__builtin_memcpy(&e.m, m, sizeof(*m));
	events_output(ctx, &e, sizeof(e));
	return 0;
}

LANG_ALL_METHOD_PROGS
LANG_PYTHON_LINE_PROG

char LICENSE[] SEC("license") = "GPL";
