#ifndef BPFKIT_PROBES_TCPSUBNET_H
#define BPFKIT_PROBES_TCPSUBNET_H

/* Subnets a list may name (the rodata net_addrs[], net_masks[]). */
#define TCPSUBNET_MAX 32

#endif
