#include "core/paths.h"

#include <stdio.h>
#include <string.h>

enum { MAX_PARTS = 128 };

void path_join_walk(const char *buf, size_t used, unsigned nparts, int part_max, bool short_walk, const char *name,
		    int name_max, char *out, size_t len)
{
	const char *parts[MAX_PARTS];
	size_t n = 0, off = 0;
	for (size_t i = 0; i < used && n < nparts && n < MAX_PARTS; n++) {
		parts[n] = &buf[i];
		i += strnlen(&buf[i], used - i) + 1;
	}
	out[0] = 0;
	if (short_walk)
		off += snprintf(out + off, len - off, "...");
	while (n-- > 0 && off < len)
		off += snprintf(out + off, len - off, "/%.*s", part_max, parts[n]);
	if (off < len)
		snprintf(out + off, len - off, "/%.*s", name_max, name);
}
