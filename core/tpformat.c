#include "core/tpformat.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "field:const char * filename;\toffset:24;\tsize:8;\tsigned:0;": the
 * declaration's words joined by single spaces (as BCC splits and joins
 * them), the last being the name. */
static int parse_field(char *line, struct tp_field *fl)
{
	char *decl = strstr(line, "field:") + 6, *semi = strchr(decl, ';');
	int off, size, sgn;
	if (!semi || sscanf(semi + 1, " offset:%d; size:%d; signed:%d;", &off, &size, &sgn) != 3)
		return -EINVAL;
	*semi = 0;
	char *words[64], *save;
	int n = 0;
	for (char *w = strtok_r(decl, " \t", &save); w && n < 64; w = strtok_r(NULL, " \t", &save))
		words[n++] = w;
	if (n < 2)
		return -EINVAL;
	size_t len = 0;
	for (int i = 0; i < n - 1; i++)
		len += strlen(words[i]) + 1;
	fl->type = malloc(len);
	fl->name = strdup(words[n - 1]);
	if (!fl->type || !fl->name)
		return -ENOMEM;
	fl->type[0] = 0;
	for (int i = 0; i < n - 1; i++) {
		if (i)
			strcat(fl->type, " ");
		strcat(fl->type, words[i]);
	}
	fl->offset = off;
	fl->size = size;
	fl->is_signed = sgn;
	fl->common = !strncmp(fl->name, "common_", 7);
	return 0;
}

int tp_format_read(const char *tfs, const char *category, const char *event, struct tp_format *f)
{
	memset(f, 0, sizeof(*f));
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/events/%s/%s/format", tfs, category, event) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	FILE *in = fopen(path, "re");
	if (!in)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	int rc = 0, fcap = 0;
	while (!rc && getline(&line, &cap, in) > 0) {
		if (sscanf(line, "ID: %d", &f->id) == 1 || !strstr(line, "field:"))
			continue;
		if (f->nfields == fcap) {
			struct tp_field *v = realloc(f->fields, (size_t)(fcap = fcap ? 2 * fcap : 16) * sizeof(*v));
			if (!v) {
				rc = -ENOMEM;
				break;
			}
			f->fields = v;
		}
		struct tp_field *fl = &f->fields[f->nfields++];
		memset(fl, 0, sizeof(*fl));
		rc = parse_field(line, fl);
	}
	free(line);
	fclose(in);
	if (rc)
		tp_format_free(f);
	return rc;
}

void tp_format_free(struct tp_format *f)
{
	for (int i = 0; i < f->nfields; i++) {
		free(f->fields[i].type);
		free(f->fields[i].name);
	}
	free(f->fields);
	memset(f, 0, sizeof(*f));
}
