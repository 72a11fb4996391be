/* A tracepoint's ID and fields, from tracefs' events/CAT/EVENT/format. */
#include "core/compiler/tracegen.h"

#include "core/features.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

int tg_tracepoint_load(const char *category, const char *event, struct tg_tracepoint *tp, char *err,
		       size_t errlen)
{
	memset(tp, 0, sizeof(*tp));
	const char *tfs = tracefs_path();
	if (!tfs) {
		snprintf(err, errlen, "tracepoint %s:%s needs tracefs: %s", category, event, strerror(errno));
		return -ENOENT;
	}
	char path[512];
	snprintf(path, sizeof(path), "%s/events/%s/%s/format", tfs, category, event);
	FILE *f = fopen(path, "r");
	if (!f) {
		int e = errno;
		snprintf(err, errlen, "no tracepoint %s:%s (%s)", category, event, strerror(e));
		return -e;
	}
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		int id;
		if (sscanf(line, "ID: %d", &id) == 1) {
			tp->id = id;
			continue;
		}
		char *field = strstr(line, "field:");
		if (!field || tp->nfields == TG_MAX_FIELDS)
			continue;
		/* "field:const char * filename;	offset:24;	size:8;	signed:0;" */
		char decl[200];
		int off, size, sgn;
		if (sscanf(field, "field:%199[^;];\toffset:%d;\tsize:%d;\tsigned:%d;", decl, &off, &size, &sgn) != 4)
			continue;
		struct tg_field *fl = &tp->fields[tp->nfields++];
		/* "char comm[16]": an array after the name; "__data_loc char[]
		 * filename": a dynamic one, before it. */
		size_t dl = strlen(decl);
		char *br = dl && decl[dl - 1] == ']' ? strrchr(decl, '[') : strstr(decl, "[]");
		fl->array = br != NULL;
		if (br && decl[dl - 1] == ']')
			*br = 0;
		else if (br)
			memmove(br, br + 2, strlen(br + 2) + 1);
		size_t n = strlen(decl), e = n;
		while (e > 0 && (isalnum((unsigned char)decl[e - 1]) || decl[e - 1] == '_'))
			e--;
		snprintf(fl->name, sizeof(fl->name), "%.63s", decl + e);
		decl[e] = 0;
		snprintf(fl->type, sizeof(fl->type), "%s", decl);
		fl->offset = off;
		fl->size = size;
		fl->is_signed = sgn;
	}
	fclose(f);
	if (!tp->id) {
		snprintf(err, errlen, "tracepoint %s:%s has no ID in its format", category, event);
		return -ENOENT;
	}
	return 0;
}

const struct tg_field *tg_tracepoint_field(const struct tg_tracepoint *tp, const char *name)
{
	for (int i = 0; tp && i < tp->nfields; i++)
		if (!strcmp(tp->fields[i].name, name))
			return &tp->fields[i];
	return NULL;
}
