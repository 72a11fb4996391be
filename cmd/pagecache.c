/* What cachestat and cachetop share on the C side. */
#include "cmd/pagecache.h"

#include <stdio.h>
#include <string.h>

double pagecache_meminfo_mb(const char *key)
{
	char line[128];
	unsigned long long kb = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/meminfo", "re");
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			sscanf(line + n + 1, "%llu", &kb);
	if (f)
		fclose(f);
	return kb / 1024.0;
}
