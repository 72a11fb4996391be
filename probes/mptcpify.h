#ifndef BPFKIT_PROBES_MPTCPIFY_H
#define BPFKIT_PROBES_MPTCPIFY_H

/* -t's commands at most. */
#define MPTCPIFY_MAX_TARGETS 64

#endif
