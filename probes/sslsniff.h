#ifndef BPFKIT_PROBES_SSLSNIFF_H
#define BPFKIT_PROBES_SSLSNIFF_H

/* The most of a call's data one event carries: --max-buffer-size is at most
 * this (BCC's default is 8192).  A TLS record's plaintext is at most 16 KiB,
 * and a per-CPU map's value at most 32 KiB. */
#define SSLSNIFF_MAX_BUF 16384

enum ssl_op { SSL_OP_READ, SSL_OP_WRITE, SSL_OP_HANDSHAKE };

struct ssl_event {
	__u64 ts_ns;	/* at the return */
	__u64 delta_ns; /* from the entry */
	__u32 pid, tid, uid;
	__u32 len;	  /* bytes the call moved */
	__u32 buf_filled; /* 1: buf holds min(len, max) bytes of them */
	__u32 op;	  /* enum ssl_op */
	char comm[16];
	__u8 buf[SSLSNIFF_MAX_BUF];
};

/* The record's size with n bytes of data. */
#define SSL_EVENT_SIZE(n) (__builtin_offsetof(struct ssl_event, buf) + (n))

#endif
