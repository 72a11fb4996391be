/* Protocol Buffers' wire format, the part pprof's profile.proto needs:
 * varints, length-delimited fields (strings, bytes, nested messages) and
 * packed repeated integers, appended to a growing buffer.  No library: the
 * binary stays static with what it already links. */
#ifndef BPFKIT_CORE_PROTOWIRE_H
#define BPFKIT_CORE_PROTOWIRE_H
#include <stddef.h>
#include <stdint.h>

struct pbuf {
	uint8_t *data;
	size_t len, cap;
	int err; /* -ENOMEM once an append failed; later appends do nothing */
};

void pb_free(struct pbuf *b);
void pb_varint(struct pbuf *b, uint64_t v);
/* A varint field; proto3 leaves zeros out, and so does this. */
void pb_uint(struct pbuf *b, int field, uint64_t v);
/* int64 as proto3 encodes it: two's complement, ten bytes when negative. */
void pb_int(struct pbuf *b, int field, int64_t v);
/* A length-delimited field, written even when empty (string_table[0]). */
void pb_bytes(struct pbuf *b, int field, const void *p, size_t n);
void pb_str(struct pbuf *b, int field, const char *s);
/* Bytes already encoded: fields of the message being written. */
void pb_raw(struct pbuf *b, const void *p, size_t n);
/* Repeated integers, packed into one length-delimited field. */
void pb_packed(struct pbuf *b, int field, const uint64_t *v, size_t n);
/* A nested message: its fields are appended between begin and end, which
 * then puts their length in front of them. */
size_t pb_begin(struct pbuf *b, int field);
void pb_end(struct pbuf *b, size_t mark);

#endif
