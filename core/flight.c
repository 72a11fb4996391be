#include "core/flight.h"

#include "core/clock.h"
#include "core/log.h"
#include "core/output.h"
#include "core/record.h"
#include "core/signals.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

unsigned long flight_events;
bool flight_events_given;

struct ring {
	int cpu, fd;
	struct perf_event_mmap_page *meta;
	size_t map_len;
	char *snap; /* the data area as of a dump, newest byte first */
};

/* A retained sample, pointing into its ring's snapshot. */
struct sample {
	uint64_t time;
	int cpu;
	uint32_t size;
	char *raw;
};

struct flight {
	struct ring *rings;
	int nrings;
	size_t data_size;   /* bytes of each ring's data area */
	unsigned long keep; /* the newest events a dump prints */
	struct sample *samples;
	size_t nsamples, cap;
	unsigned long dumps;
};

static volatile sig_atomic_t dump_requested;

static void on_usr1(int sig)
{
	(void)sig;
	dump_requested = 1;
}

/* A perf sample of ours: its header, PERF_SAMPLE_TIME's u64, then
 * PERF_SAMPLE_RAW's u32 size and the bytes, padded to 8. */
static size_t sample_bytes(size_t record_size)
{
	return sizeof(struct perf_event_header) + 8 + ((4 + record_size + 7) & ~(size_t)7);
}

static int open_ring(struct ring *r, unsigned pages)
{
	struct perf_event_attr attr = {
		.type = PERF_TYPE_SOFTWARE,
		.config = PERF_COUNT_SW_BPF_OUTPUT,
		.size = sizeof(attr),
		.sample_type = PERF_SAMPLE_TIME | PERF_SAMPLE_RAW,
		.sample_period = 1,
		/* Newest first in memory, and (mapped read-only) overwriting
		 * the oldest: the kernel's overwrite mode. */
		.write_backward = 1,
		/* The clock of bpf_ktime_get_ns() and of the tools' ts fields. */
		.use_clockid = 1,
		.clockid = CLOCK_MONOTONIC,
	};
	r->fd = syscall(__NR_perf_event_open, &attr, -1, r->cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (r->fd < 0)
		return -errno;
	r->map_len = (size_t)(pages + 1) * getpagesize();
	void *m = mmap(NULL, r->map_len, PROT_READ, MAP_SHARED, r->fd, 0);
	if (m == MAP_FAILED) {
		r->meta = NULL;
		return -errno;
	}
	r->meta = m;
	return 0;
}

static void close_ring(struct ring *r)
{
	if (r->meta)
		munmap(r->meta, r->map_len);
	if (r->fd >= 0)
		close(r->fd);
}

int flight_open(int map_fd, size_t record_size, unsigned long pages, struct flight **out)
{
	long psz = getpagesize();
	size_t rec = sample_bytes(record_size);
	unsigned long want = flight_events ? flight_events : FLIGHT_DEFAULT_EVENTS;
	bool given_pages = pages != 0;
	if (!given_pages) {
		/* Each CPU's ring holds all of them: they may all come on one.
		 * Two more: the oldest record, overwritten in part, and the
		 * lost-events record a dump's pause leaves. */
		unsigned long need = ((want + 2) * rec + psz - 1) / psz;
		pages = 1;
		while (pages < need && pages <= FLIGHT_MAX_PAGES)
			pages <<= 1;
		if (pages > FLIGHT_MAX_PAGES) {
			log_err("--flight-recorder=%lu: %lu events of %zu bytes need more than %u pages per CPU; "
				"record fewer", want, want, rec, FLIGHT_MAX_PAGES);
			return -E2BIG;
		}
	} else if (pages & (pages - 1)) {
		log_err("-b %lu: the flight recorder's rings are a power of two pages (e.g. %lu)", pages,
			1UL << (63 - __builtin_clzl(pages)));
		return -EINVAL;
	}
	struct flight *f = calloc(1, sizeof(*f));
	int ncpu = libbpf_num_possible_cpus();
	if (!f || ncpu <= 0) {
		free(f);
		return ncpu <= 0 ? ncpu : -ENOMEM;
	}
	f->data_size = (size_t)pages * psz;
	/* Rings sized by -b keep what fits, or no more than EVENTS. */
	unsigned long fit = f->data_size / rec > 2 ? f->data_size / rec - 2 : 1;
	f->keep = !given_pages ? want : flight_events_given && want < fit ? want : fit;
	f->rings = calloc(ncpu, sizeof(*f->rings));
	int err = f->rings ? 0 : -ENOMEM;
	for (int c = 0; !err && c < ncpu; c++) {
		struct ring *r = &f->rings[f->nrings++];
		r->cpu = c;
		err = open_ring(r, pages);
		if (err == -ENODEV) { /* an offline CPU runs no BPF */
			close_ring(r);
			f->nrings--;
			err = 0;
		} else if (err == -EPERM || err == -ENOMEM)
			log_err("cannot map a %lu-page flight recorder ring on CPU %d: %s (record fewer events, or raise "
				"/proc/sys/kernel/perf_event_mlock_kb)", pages, c, strerror(-err));
		else if (err)
			log_err("cannot open the flight recorder's perf event on CPU %d: %s", c, strerror(-err));
		else if (bpf_map_update_elem(map_fd, &c, &r->fd, BPF_ANY)) {
			err = -errno;
			log_err("cannot put CPU %d's flight recorder ring into the event map: %s", c, strerror(-err));
		}
	}
	if (err) {
		flight_close(f);
		return err;
	}
	/* No SA_RESTART: the wait ends at once and the dump follows. */
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	*out = f;
	return 0;
}

void flight_status(const struct flight *f)
{
	record_status("Recording the last %lu events; SIGUSR1 (kill -USR1 %d) or Ctrl-C prints them.", f->keep,
		      (int)getpid());
}

/* The ring's data area, copied from its head (the newest record) on, with
 * the kernel's output paused meanwhile: it would overwrite what is read.
 * Events that come in the pause are counted lost by the kernel, which puts
 * a PERF_RECORD_LOST before the next sample.  *written: the bytes the
 * ring was given since it was opened. */
static int snapshot(struct flight *f, struct ring *r, uint64_t *written)
{
	/* As much as the ring may hold: the head moves until the pause.
	 * Mapped, not malloc'd, so that it goes back to the kernel whole
	 * (glibc keeps a freed chunk this large once its threshold grew). */
	void *m = mmap(NULL, f->data_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return -ENOMEM;
	r->snap = m;
	if (ioctl(r->fd, PERF_EVENT_IOC_PAUSE_OUTPUT, 1))
		return -errno;
	uint64_t head = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	/* Backward, the head counts down from 0: minus it is what was written. */
	*written = -head;
	size_t len = *written < f->data_size ? *written : f->data_size;
	const char *data = (const char *)r->meta + r->meta->data_offset;
	size_t start = head & (f->data_size - 1), first = f->data_size - start < len ? f->data_size - start : len;
	memcpy(r->snap, data + start, first);
	memcpy(r->snap + first, data, len - first);
	ioctl(r->fd, PERF_EVENT_IOC_PAUSE_OUTPUT, 0);
	return 0;
}

/* A dump's copies go once it is printed: while recording the tool holds
 * none of the rings' memory (a full copy is as large as the rings). */
static void free_snapshots(struct flight *f)
{
	for (int i = 0; i < f->nrings; i++) {
		if (f->rings[i].snap)
			munmap(f->rings[i].snap, f->data_size);
		f->rings[i].snap = NULL;
	}
	free(f->samples);
	f->samples = NULL;
	f->nsamples = f->cap = 0;
}

static int add_sample(struct flight *f, const struct sample *s)
{
	if (f->nsamples == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 1024;
		struct sample *n = realloc(f->samples, cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		f->samples = n;
		f->cap = cap;
	}
	f->samples[f->nsamples++] = *s;
	return 0;
}

/* The ring's samples from the newest back to the first missing one: the
 * record the ring overwrote in part, or a lost-events record (a pause).
 * *cut: the time of the oldest kept when something before it is missing,
 * else 0 (the ring holds everything since it was opened). */
static int collect(struct flight *f, struct ring *r, uint64_t written, uint64_t *cut)
{
	size_t len = written < f->data_size ? written : f->data_size;
	size_t pos = 0;
	uint64_t oldest = 0;
	bool complete = true;
	*cut = 0;
	while (pos + sizeof(struct perf_event_header) <= len) {
		struct perf_event_header h;
		memcpy(&h, r->snap + pos, sizeof(h));
		if (h.size < sizeof(h) || pos + h.size > len) {
			complete = false; /* the oldest record, overwritten in part */
			break;
		}
		if (h.type == PERF_RECORD_LOST) {
			complete = false;
			break;
		}
		if (h.type == PERF_RECORD_SAMPLE && h.size >= sizeof(h) + 12) {
			struct sample s = { .cpu = r->cpu, .raw = r->snap + pos + sizeof(h) + 12 };
			memcpy(&s.time, r->snap + pos + sizeof(h), 8);
			memcpy(&s.size, r->snap + pos + sizeof(h) + 8, 4);
			if (sizeof(h) + 12 + (size_t)s.size > h.size)
				break; /* not ours: never written so */
			int err = add_sample(f, &s);
			if (err)
				return err;
			oldest = s.time;
		}
		pos += h.size;
	}
	/* Records that end exactly at the ring's end: more came before. */
	if (complete && written > len)
		complete = false;
	if (!complete)
		*cut = oldest;
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const struct sample *x = a, *y = b;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->cpu - y->cpu;
}

long flight_dump(struct flight *f, flight_fn fn, void *ctx)
{
	f->nsamples = 0;
	/* Every event after cut is in the rings: the latest of the rings'
	 * first missing points. */
	uint64_t cut = 0;
	for (int i = 0; i < f->nrings; i++) {
		uint64_t written = 0, ring_cut = 0;
		int err = snapshot(f, &f->rings[i], &written);
		err = err ?: collect(f, &f->rings[i], written, &ring_cut);
		if (err) {
			log_err("cannot read the flight recorder's ring on CPU %d: %s", f->rings[i].cpu, strerror(-err));
			free_snapshots(f);
			return err;
		}
		if (ring_cut > cut)
			cut = ring_cut;
	}
	qsort(f->samples, f->nsamples, sizeof(*f->samples), by_time);
	size_t first = 0;
	while (first < f->nsamples && f->samples[first].time < cut)
		first++;
	if (f->nsamples - first > f->keep)
		first = f->nsamples - f->keep;
	size_t n = f->nsamples - first;
	f->dumps++;
	if (n) {
		char from[24], to[24];
		output_event_ns = f->samples[first].time;
		output_hms_ms(from, false);
		output_event_ns = f->samples[f->nsamples - 1].time;
		output_hms_ms(to, false);
		output_event_ns = 0;
		record_status("Flight recorder dump %lu: %zu events, %s to %s", f->dumps, n, from, to);
	} else {
		record_status("Flight recorder dump %lu: no events", f->dumps);
	}
	for (size_t i = first; i < f->nsamples && loop_exiting != LOOP_OUTPUT_GONE; i++) {
		/* Times printed for the row are the event's (core/output.h). */
		output_event_ns = f->samples[i].time;
		fn(ctx, f->samples[i].cpu, f->samples[i].raw, f->samples[i].size);
	}
	output_event_ns = 0;
	fflush(stdout);
	free_snapshots(f);
	return (long)n;
}

int flight_poll(struct flight *f, int timeout_ms, flight_fn fn, void *ctx)
{
	if (dump_requested) {
		dump_requested = 0;
		long n = flight_dump(f, fn, ctx);
		return n < 0 ? (int)n : 0;
	}
	poll(NULL, 0, timeout_ms);
	return 0;
}

void flight_close(struct flight *f)
{
	if (!f)
		return;
	free_snapshots(f);
	for (int i = 0; i < f->nrings; i++)
		close_ring(&f->rings[i]);
	free(f->rings);
	free(f);
}
