/* The BPF side of core/probe.h's spec helpers: one body, the programs
 * each mechanism of a chain needs, named as the spec helper names them.
 *
 * BTF_RAW_TWINS(event, prefix, call, args...) makes prefix_btf on
 * tp_btf/event and prefix_raw on raw_tp/event (PROBE_BTF_RAW(event,
 * prefix)): both see the tracepoint's arguments with the types the kernel
 * passes them, the first checked by the verifier against BTF, the second
 * (kernels without tp_btf) read as raw u64s. */
#ifndef BPFKIT_PROBES_TWINS_BPF_H
#define BPFKIT_PROBES_TWINS_BPF_H
#include <bpf/bpf_tracing.h>

#define BTF_RAW_TWINS(event, prefix, call, ...)                                        \
	SEC("tp_btf/" #event)                                                          \
	int BPF_PROG(prefix##_btf, __VA_ARGS__)                                        \
	{                                                                              \
		return call;                                                           \
	}                                                                              \
	SEC("raw_tp/" #event)                                                          \
	int BPF_PROG(prefix##_raw, __VA_ARGS__)                                        \
	{                                                                              \
		return call;                                                           \
	}

#endif
