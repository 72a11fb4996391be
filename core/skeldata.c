#include "core/skeldata.h"

#include <stdlib.h>
#include <zlib.h>

/* A tool opens one or two objects; the rest would be a leak until exit. */
static void *bufs[8];
static int nbufs;

const void *skel_inflate(const unsigned char *z, size_t zlen, size_t rawlen, size_t *sz)
{
	void *out = malloc(rawlen);
	uLongf n = rawlen;
	*sz = 0;
	if (!out || uncompress(out, &n, z, zlen) != Z_OK || n != rawlen) {
		free(out);
		return NULL;
	}
	if (nbufs < (int)(sizeof(bufs) / sizeof(bufs[0])))
		bufs[nbufs++] = out;
	*sz = rawlen;
	return out;
}

void skel_release(void)
{
	while (nbufs > 0)
		free(bufs[--nbufs]);
}
