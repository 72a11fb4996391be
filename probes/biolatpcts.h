#ifndef BPFKIT_PROBES_BIOLATPCTS_H
#define BPFKIT_PROBES_BIOLATPCTS_H

/* Per operation (read, write, discard, flush: 100 slots each), completed
 * I/Os by latency in 100 ms steps; those under 100 ms again in 1 ms steps,
 * and those under 1 ms in 10 us steps (BCC's layout). */
#define BIOLATPCTS_SLOTS 400

enum { BIOLAT_ON_DEVICE, BIOLAT_AFTER_ALLOC, BIOLAT_FROM_ALLOC };

#endif
