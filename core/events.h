/* Event streams from BPF to the tool: ring buffer where the kernel has one,
 * perf buffer otherwise.  Events the kernel could not queue are counted on
 * both sides and reported, never dropped silently. */
#ifndef BPFKIT_CORE_EVENTS_H
#define BPFKIT_CORE_EVENTS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tracer;
struct event_stream;

typedef int (*event_fn)(void *ctx, const void *data, size_t size);

/* record_size: the BPF side's record, to size a flight recorder
 * (core/flight.h) by events: with --flight-recorder the events are kept in
 * its rings, delivered at each dump (SIGUSR1, events_drain()). */
int events_open(struct tracer *t, size_t record_size, event_fn fn, void *ctx, struct event_stream **out);
/* With a flight recorder, its status line: what it keeps, how to dump. */
void events_status(struct event_stream *es);
/* Deliver what is queued, waiting up to timeout_ms.  A signal is not an
 * error: returns 0 so the caller's loop can see the exit flag. */
/* A descriptor readable when events wait, for a poll() of the caller's. */
int events_fd(struct event_stream *es);
int events_poll(struct event_stream *es, int timeout_ms);
/* After a stop request: deliver what the kernel queued before it, bounded
 * (events_poll stops at the request, to let the caller see it). */
void events_drain(struct event_stream *es);
/* Events lost so far (full buffer in the kernel). */
uint64_t events_lost(struct event_stream *es);
/* The sum over CPUs of a per-CPU drop counter (key 0), as the programs bump
 * it when an event finds the buffer full; trace's generated programs keep
 * one of their own. */
uint64_t events_drops_sum(int fd);
/* When the count grew since the last report, print one line on stderr with
 * the running total ("so far"); when `last`, print the total ("in total")
 * if any were lost.  Reading the count
 * is a bpf() call, so callers do it at intervals (core/loop.c: once a
 * second) and at exit, never per event or per wake-up: kernels before 6.5
 * check CAP_BPF on every bpf() call, which capable would trace. */
void events_report_lost(struct event_stream *es, bool last);
/* The option that sizes the event buffer, named in that line; NULL when
 * the tool has none. */
extern const char *events_buffer_option;
void events_close(struct event_stream *es);

#endif
