#include "core/stacks/protowire.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { WIRE_VARINT = 0, WIRE_LEN = 2 };

void pb_free(struct pbuf *b)
{
	free(b->data);
	*b = (struct pbuf){ 0 };
}

static int reserve(struct pbuf *b, size_t n)
{
	if (b->err)
		return b->err;
	if (b->len + n <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n)
		cap *= 2;
	uint8_t *d = realloc(b->data, cap);
	if (!d)
		return b->err = -ENOMEM;
	b->data = d;
	b->cap = cap;
	return 0;
}

static size_t varint_size(uint64_t v)
{
	size_t n = 1;
	while (v >= 0x80)
		v >>= 7, n++;
	return n;
}

static void put_varint(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p = (uint8_t)v;
}

void pb_varint(struct pbuf *b, uint64_t v)
{
	size_t n = varint_size(v);
	if (reserve(b, n))
		return;
	put_varint(b->data + b->len, v);
	b->len += n;
}

static void tag(struct pbuf *b, int field, int wire)
{
	pb_varint(b, (uint64_t)field << 3 | wire);
}

void pb_uint(struct pbuf *b, int field, uint64_t v)
{
	if (!v)
		return;
	tag(b, field, WIRE_VARINT);
	pb_varint(b, v);
}

void pb_int(struct pbuf *b, int field, int64_t v)
{
	pb_uint(b, field, (uint64_t)v);
}

void pb_raw(struct pbuf *b, const void *p, size_t n)
{
	if (!n || reserve(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

void pb_bytes(struct pbuf *b, int field, const void *p, size_t n)
{
	tag(b, field, WIRE_LEN);
	pb_varint(b, n);
	pb_raw(b, p, n);
}

void pb_str(struct pbuf *b, int field, const char *s)
{
	pb_bytes(b, field, s, strlen(s));
}

void pb_packed(struct pbuf *b, int field, const uint64_t *v, size_t n)
{
	if (!n)
		return;
	size_t bytes = 0;
	for (size_t i = 0; i < n; i++)
		bytes += varint_size(v[i]);
	tag(b, field, WIRE_LEN);
	pb_varint(b, bytes);
	for (size_t i = 0; i < n; i++)
		pb_varint(b, v[i]);
}

size_t pb_begin(struct pbuf *b, int field)
{
	tag(b, field, WIRE_LEN);
	return b->len;
}

void pb_end(struct pbuf *b, size_t mark)
{
	if (b->err)
		return;
	/* The length goes before what was written: moved up by its size. */
	size_t body = b->len - mark, n = varint_size(body);
	if (reserve(b, n))
		return;
	memmove(b->data + mark + n, b->data + mark, body);
	put_varint(b->data + mark, body);
	b->len += n;
}
