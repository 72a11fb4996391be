/* The flight recorder (--flight-recorder): the event stream goes into
 * overwritable perf rings, one per CPU, that keep the newest events and
 * print nothing until a dump (SIGUSR1, or the end of the run).  The BPF side
 * is unchanged: its bpf_perf_event_output() writes into a perf event array
 * whose entries are perf events opened here with write_backward, mapped
 * read-only (the kernel's overwrite mode).  A dump pauses each ring while
 * it is copied, then prints what the rings hold in the order of the perf
 * samples' own times (CLOCK_MONOTONIC, as bpf_ktime_get_ns()), from the
 * newest back to the first event before which one might be missing. */
#ifndef BPFKIT_CORE_FLIGHT_H
#define BPFKIT_CORE_FLIGHT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct flight;

/* --flight-recorder[=EVENTS] (core/args.h's args_flight): the newest
 * events a dump prints, 0 when the recorder is off; whether EVENTS was
 * given (else, with -b, as many as the rings hold). */
extern unsigned long flight_events;
extern bool flight_events_given;
/* The most events the option takes, and the largest ring per CPU. */
#define FLIGHT_MAX_EVENTS 1000000UL
#define FLIGHT_MAX_PAGES (1u << 16)
#define FLIGHT_DEFAULT_EVENTS 10000UL

/* A sample as perf_buffer's callback gets it: the BPF side's bytes. */
typedef void (*flight_fn)(void *ctx, int cpu, void *data, uint32_t size);

/* The rings behind the perf event array map_fd, one per online CPU: each
 * holds flight_events records of record_size bytes (the BPF side's
 * struct, the smallest a record is), or is `pages` pages when the user gave
 * -b (0: not given).  0 or -errno after printing why. */
int flight_open(int map_fd, size_t record_size, unsigned long pages, struct flight **out);
/* The status line: what is recorded and how to see it. */
void flight_status(const struct flight *f);
/* Wait up to timeout_ms; dump first when SIGUSR1 asked for it.  A signal
 * ends the wait: returns 0, or -errno when a dump failed. */
int flight_poll(struct flight *f, int timeout_ms, flight_fn fn, void *ctx);
/* Print what the rings hold through fn, oldest first; the count, or
 * -errno after printing why. */
long flight_dump(struct flight *f, flight_fn fn, void *ctx);
void flight_close(struct flight *f);

#endif
