#include "core/events.h"

#include "core/clock.h"
#include "core/flight.h"
#include "core/log.h"
#include "core/signals.h"
#include "core/tracer.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct event_stream {
	struct ring_buffer *rb;
	struct perf_buffer *pb;
	struct flight *fr; /* --flight-recorder: instead of either */
	int drops_fd; /* per-CPU counter the BPF side bumps when output fails */
	uint64_t perf_lost;
	uint64_t reported;
	event_fn fn;
	void *ctx;
	uint64_t *aligned; /* perf samples, copied (on_perf) */
	size_t cap;
	long ring_records; /* the most records the ring holds at once */
	long budget;	   /* records this poll may still deliver */
	uint64_t until_ns; /* and the time it may take */
	bool draining;
};

/* Once the output is gone, events are dropped and the ring's consumer
 * returns: a tool whose every printed event makes another (sigsnoop's
 * write into a closed pipe raises SIGPIPE on itself, a new signal event)
 * would otherwise never leave ring_buffer__poll to see the exit flag. */
static int on_ring(void *ctx, void *data, size_t size)
{
	struct event_stream *es = ctx;
	if (loop_exiting == LOOP_OUTPUT_GONE)
		return -EINTR;
	int err = es->fn(es->ctx, data, size);
	if (err)
		return err;
	/* libbpf's ring consumer returns only once the ring is empty: a
	 * producer faster than the output (a traced busy loop into a slow
	 * terminal or pipe) kept it there for good, and Ctrl-C, the next
	 * interval, -d and the lost-event count were never seen.  So it
	 * stops at a request, after a ring's worth, or after 100 ms.  The
	 * record is consumed before this returns: stopping loses nothing. */
	if (loop_exiting && !es->draining)
		return -EINTR;
	if (--es->budget <= 0 || ((es->budget & 15) == 0 && clock_mono_ns() >= es->until_ns))
		return -EINTR;
	return 0;
}

/* A perf buffer sample starts 4 bytes past an 8-byte boundary (after its
 * u32 size): the tools read their event structs' u64s straight from it,
 * misaligned (UBSan stops there), so each sample is copied to an aligned
 * buffer first.  Ring buffer samples are aligned already. */
static void on_perf(void *ctx, int cpu, void *data, __u32 size)
{
	struct event_stream *es = ctx;
	if (loop_exiting == LOOP_OUTPUT_GONE)
		return;
	if (size > es->cap) {
		uint64_t *b = realloc(es->aligned, size);
		if (!b)
			return;
		es->aligned = b;
		es->cap = size;
	}
	memcpy(es->aligned, data, size);
	es->fn(es->ctx, es->aligned, size);
}

/* The kernel reports as lost the same events whose bpf_perf_event_output
 * failed, which the BPF side already counts in event_drops; use this count
 * only for programs without that counter, so nothing is counted twice. */
static void on_perf_lost(void *ctx, int cpu, __u64 n)
{
	struct event_stream *es = ctx;
	if (es->drops_fd < 0)
		es->perf_lost += n;
}

int events_open(struct tracer *t, size_t record_size, event_fn fn, void *ctx, struct event_stream **out)
{
	struct bpf_map *map = bpf_object__find_map_by_name(t->obj, "events");
	struct bpf_map *drops = bpf_object__find_map_by_name(t->obj, "event_drops");
	struct event_stream *es = calloc(1, sizeof(*es));
	if (!map || !es) {
		free(es);
		return -ENOENT;
	}
	es->fn = fn;
	es->ctx = ctx;
	es->drops_fd = drops ? bpf_map__fd(drops) : -1;
	if (flight_events) {
		/* tracer_start() made the map a perf event array for this. */
		int err = -EINVAL;
		if (bpf_map__type(map) != BPF_MAP_TYPE_PERF_EVENT_ARRAY)
			log_err("internal error: the flight recorder needs a perf event array");
		else
			err = flight_open(bpf_map__fd(map), record_size, t->buffer_pages ?: tracer_buffer_pages,
					  &es->fr);
		if (err) {
			free(es);
			return err;
		}
		*out = es;
		return 0;
	}
	if (bpf_map__type(map) == BPF_MAP_TYPE_RINGBUF) {
		/* A record is at least its 8-byte header and 8 bytes of data. */
		es->ring_records = bpf_map__max_entries(map) / 16;
		es->rb = ring_buffer__new(bpf_map__fd(map), on_ring, es, NULL);
	} else {
		es->pb = perf_buffer__new(bpf_map__fd(map), tracer_event_pages(t, false), on_perf, on_perf_lost, es,
					  NULL);
	}
	if (!es->rb && !es->pb) {
		int err = -errno;
		log_err("cannot open the event buffer: %s", strerror(-err));
		free(es);
		return err;
	}
	*out = es;
	return 0;
}

int events_fd(struct event_stream *es)
{
	return es->rb ? ring_buffer__epoll_fd(es->rb) : perf_buffer__epoll_fd(es->pb);
}

int events_poll(struct event_stream *es, int timeout_ms)
{
	if (es->fr)
		return flight_poll(es->fr, timeout_ms, on_perf, es);
	es->budget = es->ring_records;
	es->until_ns = clock_mono_ns() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0) * 1000000u + 100000000u;
	int n = es->rb ? ring_buffer__poll(es->rb, timeout_ms) : perf_buffer__poll(es->pb, timeout_ms);
	if (n == -EINTR)
		return 0;
	return n;
}

/* What was queued when the tool stopped, and no more than a ring's worth
 * besides: the probes are still attached, and a busy producer would keep
 * an unbounded drain going. */
void events_drain(struct event_stream *es)
{
	/* The recorder's last dump: its events are still in the kernel. */
	if (es->fr) {
		if (loop_exiting != LOOP_OUTPUT_GONE)
			flight_dump(es->fr, on_perf, es);
		return;
	}
	es->draining = true;
	events_poll(es, 0);
	es->draining = false;
}

uint64_t events_drops_sum(int fd)
{
	int ncpu = libbpf_num_possible_cpus();
	uint64_t vals[ncpu > 0 ? ncpu : 1], total = 0;
	uint32_t key = 0;
	if (ncpu > 0 && bpf_map_lookup_elem(fd, &key, vals) == 0)
		for (int i = 0; i < ncpu; i++)
			total += vals[i];
	return total;
}

uint64_t events_lost(struct event_stream *es)
{
	return es->perf_lost + (es->drops_fd >= 0 ? events_drops_sum(es->drops_fd) : 0);
}

const char *events_buffer_option;

void events_status(struct event_stream *es)
{
	if (es->fr)
		flight_status(es->fr);
}

void events_report_lost(struct event_stream *es, bool last)
{
	/* The recorder loses events only in a dump's pause: said once, at the
	 * end, not as a full buffer to raise. */
	if (es->fr && !last)
		return;
	uint64_t lost = events_lost(es);
	/* The last line always gives the total, even when unchanged. */
	if (last ? !lost : lost <= es->reported)
		return;
	es->reported = lost;
	if (es->fr)
		log_warn("%llu events came while a dump paused the flight recorder and were not recorded",
			 (unsigned long long)lost);
	else if (events_buffer_option)
		log_warn("%llu events lost %s: the event buffer was full (raise it with %s, or filter more)",
			 (unsigned long long)lost, last ? "in total" : "so far", events_buffer_option);
	else
		log_warn("%llu events lost %s: the event buffer was full", (unsigned long long)lost,
			 last ? "in total" : "so far");
}

void events_close(struct event_stream *es)
{
	if (!es)
		return;
	events_report_lost(es, true);
	ring_buffer__free(es->rb);
	perf_buffer__free(es->pb);
	flight_close(es->fr);
	free(es->aligned);
	free(es);
}
