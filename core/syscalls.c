#include "core/syscalls.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *syscall_name(int nr, char *buf, int len)
{
	if (nr >= 0 && nr < syscall_names_count && syscall_names[nr])
		return syscall_names[nr];
	snprintf(buf, len, "[unknown: %d]", nr);
	return buf;
}

int syscall_nr(const char *name)
{
	for (int i = 0; i < syscall_names_count; i++)
		if (syscall_names[i] && !strcmp(syscall_names[i], name))
			return i;
	return -1;
}

int errno_parse(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);
	if (*s && !*end)
		return v > 0 && v < 4096 ? (int)v : -1;
	for (int i = 0; i < errno_names_count; i++)
		if (errno_names[i] && !strcmp(errno_names[i], s))
			return i;
	return -1;
}
