/* tplist: the kernel's tracepoints with their fields, or the USDT probes of
 * a binary, its libraries or a process, as BCC's tplist. */
#include "cmd/tplist.h"

#include "core/args.h"
#include "core/features.h"
#include "core/globcheck.h"
#include "core/log.h"
#include "core/output.h"
#include "core/tool.h"
#include "core/tpformat.h"
#include "histo/json.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct tplist_opts o;

static const struct tool_option options[] = {
	OPT_PID('p', "pid", "PID", "PID", &o.pid, "List USDT probes in the specified process"),
	OPT_STRING('l', "lib", "LIB", &o.lib, "List USDT probes in the specified library or executable"),
	OPT_SET('j', "json", (int *)&output_mode, OUTPUT_JSON,
		"One JSON object per tracepoint or probe (fields, locations and arguments with -v)"),
	{ { 0 } },
};

static const struct argp_option verbosity[] = {
	{ NULL, 'v', NULL, 0, "Increase verbosity level (print variables, arguments, etc.)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	char why[128];
	switch (key) {
	case 'v':
		o.verbosity++;
		return 0;
	case ARGP_KEY_ARG:
		if (o.filter) {
			log_err("one filter only, got '%.64s' after '%.64s'", arg, o.filter);
			return EINVAL;
		}
		if (glob_check(arg, why, sizeof(why))) {
			log_err("bad filter '%.64s': %s", arg, why);
			return EINVAL;
		}
		o.filter = arg;
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_dir(const char *dir, const char *name)
{
	char p[PATH_MAX];
	struct stat st;
	return snprintf(p, sizeof(p), "%s/%s", dir, name) < (int)sizeof(p) && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Every "category:event" under events/ matching the filter, sorted. */
static int tracepoint_names(const char *tfs, char ***out, int *n)
{
	char dir[PATH_MAX], sub[PATH_MAX];
	int cap = 0, rc = 0;
	*out = NULL, *n = 0;
	snprintf(dir, sizeof(dir), "%s/events", tfs);
	DIR *cats = opendir(dir);
	if (!cats)
		return -errno;
	for (struct dirent *c; !rc && (c = readdir(cats));) {
		if (c->d_name[0] == '.' || !is_dir(dir, c->d_name))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, c->d_name) >= (int)sizeof(sub))
			continue;
		DIR *evs = opendir(sub);
		for (struct dirent *e; evs && !rc && (e = readdir(evs));) {
			if (e->d_name[0] == '.' || !is_dir(sub, e->d_name))
				continue;
			char *name;
			if (asprintf(&name, "%s:%s", c->d_name, e->d_name) < 0) {
				rc = -ENOMEM;
				break;
			}
			if (o.filter && fnmatch(o.filter, name, 0)) {
				free(name);
				continue;
			}
			if (*n == cap) {
				char **v = realloc(*out, (size_t)(cap = cap ? 2 * cap : 256) * sizeof(*v));
				if (!v) {
					free(name);
					rc = -ENOMEM;
					break;
				}
				*out = v;
			}
			(*out)[(*n)++] = name;
		}
		if (evs)
			closedir(evs);
	}
	closedir(cats);
	if (!rc && *n)
		qsort(*out, (size_t)*n, sizeof(**out), cmp_str);
	return rc;
}

static void print_tracepoint(const char *name, const struct tp_format *f)
{
	if (output_mode != OUTPUT_JSON) {
		printf("%s\n", name);
		for (int i = 0; f && i < f->nfields; i++)
			if (!f->fields[i].common)
				printf("    %s %s;\n", f->fields[i].type, f->fields[i].name);
		return;
	}
	struct json j;
	const char *colon = strchr(name, ':');
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_str(&j, "tracepoint", name);
	json_strn(&j, "category", name, (size_t)(colon - name));
	json_str(&j, "event", colon + 1);
	if (f) {
		json_array(&j, "fields");
		for (int i = 0; i < f->nfields; i++) {
			const struct tp_field *fl = &f->fields[i];
			if (fl->common)
				continue;
			json_object(&j, NULL);
			json_str(&j, "type", fl->type);
			json_str(&j, "name", fl->name);
			json_i64(&j, "offset", fl->offset);
			json_i64(&j, "size", fl->size);
			json_bool(&j, "signed", fl->is_signed);
			json_close(&j);
		}
		json_close(&j);
	}
	json_line_end(&j);
}

static int list_tracepoints(void)
{
	const char *tfs = tracefs_path();
	if (!tfs) {
		log_err("cannot list tracepoints: tracefs cannot be read or mounted: %s", strerror(errno));
		return -ENOENT;
	}
	char **names;
	int n, rc = tracepoint_names(tfs, &names, &n);
	if (rc)
		log_err("cannot read %s/events: %s", tfs, strerror(-rc));
	for (int i = 0; !rc && i < n; i++) {
		struct tp_format f;
		char *colon = strchr(names[i], ':');
		*colon = 0;
		rc = o.verbosity ? tp_format_read(tfs, names[i], colon + 1, &f) : 0;
		*colon = ':';
		if (rc) {
			log_err("cannot read the format of %s: %s", names[i],
				rc == -EINVAL ? "a field line it does not understand" : strerror(-rc));
			break;
		}
		print_tracepoint(names[i], o.verbosity ? &f : NULL);
		if (o.verbosity)
			tp_format_free(&f);
	}
	for (int i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

static int tplist_main(int argc, char **argv)
{
	if (tool_parse_plain("tplist", argc, argv))
		return 2;
	int rc = o.pid || o.lib ? tplist_usdt(&o) : list_tracepoints();
	if (fflush(stdout) && !rc) {
		log_err("cannot write the list: %s", strerror(errno));
		rc = -EIO;
	}
	return rc ? 1 : 0;
}

BPFKIT_TOOL(tplist, .name = "tplist", .category = "debugging",
	    .summary = "Display kernel tracepoints or USDT probes and their formats", .main = tplist_main,
	    .bound = options, .options = verbosity, .parse = parse, .args_doc = "[filter]",
	    .groups = TOOL_GROUPS_HELP, .doc =
		"Display kernel tracepoints or USDT probes and their formats.\v"
		"The filter is a wildcard (glob) on category:event, or on provider:name for USDT probes.\n\n"
		"Examples:\n"
		"  tplist                         # all kernel tracepoints\n"
		"  tplist -v 'sched:sched_switch' # a tracepoint and its fields\n"
		"  tplist -v 'net:*'              # the net tracepoints with their fields\n"
		"  tplist -l /usr/bin/python3.11  # the USDT probes of a binary\n"
		"  tplist -vv -l c '*alloc*'      # probes of libc with locations and arguments\n"
		"  tplist -p 4717 'libc:*'        # probes of a process and its libraries");
