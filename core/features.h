/* What this kernel can do for a tracer, probed for real and cached.  Each
 * "no" carries the reason a user can act on. */
#ifndef BPFKIT_CORE_FEATURES_H
#define BPFKIT_CORE_FEATURES_H
#include <stdbool.h>

enum feature {
	FEAT_BTF,
	FEAT_KPROBES,
	FEAT_KPROBE_MULTI,
	FEAT_FENTRY,
	FEAT_TP_BTF,
	FEAT_RAW_TP,
	FEAT_RAW_TP_COOKIE,
	FEAT_TRACEPOINTS,
	FEAT_TRACEFS,
	FEAT_UPROBES,
	FEAT_UPROBE_MULTI,
	FEAT_COOKIE,
	FEAT_RINGBUF,
	FEAT_PERF_SW,
	FEAT_PMU,
	FEAT__COUNT,
};

const char *feature_name(enum feature f);
/* Probes on first use.  Switched off by BPFKIT_DISABLE=name,name (so tests
 * can force a fallback chain on a kernel that has the better mechanism). */
bool feature_has(enum feature f);
/* Why feature_has() said no (or a note when it said yes); never NULL. */
const char *feature_reason(enum feature f);
bool feature_disabled_by_env(enum feature f);

/* Where tracefs is (mounting it when it is not); NULL with errno set when it
 * cannot be had. */
const char *tracefs_path(void);

#endif
