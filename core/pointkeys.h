/* Attach points told apart without BPF cookies, on kernels that have none
 * on kprobe, uprobe and tracepoint links (before 5.15): core/attach.c keys
 * each point by what its program sees (see dynamic_points in
 * probes/lib/dynamic.bpf.h). */
#ifndef BPFKIT_CORE_POINTKEYS_H
#define BPFKIT_CORE_POINTKEYS_H
#include "core/pattern.h"

#include <stdbool.h>

struct bpf_object;

/* True when the points go by keys instead of cookies. */
bool pointkeys_used(void);

/* Before load: switch the programs to keys and size their map, for n
 * points of which ntp are tracepoints attached as perf events, nup uprobes
 * and nusdt USDT probes.  Refuses (-EOPNOTSUPP, after saying why) what
 * keys cannot tell apart: more than one of any of these. */
int pointkeys_prepare(struct bpf_object *obj, int n, int ntp, int nup, int nusdt);

/* After load, before attaching: point i's key -> i, for the points not
 * done[i] (attached some other way). */
int pointkeys_fill(struct bpf_object *obj, const struct attach_point *pts, int n, const bool *done);

#endif
