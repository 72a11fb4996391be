#include "core/perf_sample.h"

#include "core/args.h"
#include "core/features.h"
#include "core/log.h"

#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int perf_sample_first_cpu(void)
{
	bool online[1024] = { false };
	int n = args_online_cpus(online, 1024);
	for (int c = 0; c < n; c++)
		if (online[c])
			return c;
	return 0;
}

int perf_sample_attach(struct bpf_program *prog, uint64_t freq_hz, uint64_t period, int cpu, struct perf_sample *out)
{
	return perf_sample_attach_event(prog, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, freq_hz, period, cpu,
					"cpu-clock", out);
}

int perf_sample_attach_event(struct bpf_program *prog, uint32_t type, uint64_t config, uint64_t freq_hz,
			     uint64_t period, int cpu, const char *what, struct perf_sample *out)
{
	bool online[1024] = { false };
	int ncpu = args_online_cpus(online, 1024);
	memset(out, 0, sizeof(*out));
	enum feature need = type == PERF_TYPE_HARDWARE || type == PERF_TYPE_HW_CACHE ? FEAT_PMU : FEAT_PERF_SW;
	if (!feature_has(need)) {
		log_err("cannot sample %s events: %s: %s", what, feature_name(need), feature_reason(need));
		return -EOPNOTSUPP;
	}
	if (ncpu <= 0)
		return -ENOENT;
	if (cpu >= 0 && (cpu >= ncpu || !online[cpu])) {
		log_err("CPU %d is not online", cpu);
		return -EINVAL;
	}
	out->links = calloc(ncpu, sizeof(*out->links));
	if (!out->links)
		return -ENOMEM;
	struct perf_event_attr attr = {
		.type = type,
		.config = config,
		.size = sizeof(attr),
		.freq = freq_hz > 0,
	};
	if (freq_hz)
		attr.sample_freq = freq_hz;
	else
		attr.sample_period = period;
	for (int c = 0; c < ncpu; c++) {
		if (!online[c] || (cpu >= 0 && c != cpu))
			continue;
		int fd = syscall(__NR_perf_event_open, &attr, -1, c, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd < 0) {
			int err = -errno;
			log_err("cannot open a %s perf event on CPU %d: %s", what, c, strerror(-err));
			perf_sample_detach(out);
			return err;
		}
		struct bpf_link *l = bpf_program__attach_perf_event(prog, fd);
		if (!l) {
			int err = -errno;
			close(fd);
			log_err("cannot attach to the perf event on CPU %d: %s", c, strerror(-err));
			perf_sample_detach(out);
			return err;
		}
		out->links[out->n++] = l;
	}
	return 0;
}

void perf_sample_detach(struct perf_sample *s)
{
	for (int i = 0; i < s->n; i++)
		bpf_link__destroy(s->links[i]); /* closes the perf event fd too */
	free(s->links);
	memset(s, 0, sizeof(*s));
}
