/* bpflist: the processes holding BPF programs, maps and links, as BCC's
 * bpflist, with -v the kprobes and uprobes each one opened through tracefs
 * and the names of its programs and maps. */
#include "cmd/bpflist.h"

#include "core/args.h"
#include "core/log.h"
#include "core/output.h"
#include "core/tool.h"
#include "histo/json.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int verbosity;

static const struct tool_option options[] = {
	OPT_SET('j', "json", (int *)&output_mode, OUTPUT_JSON,
		"One JSON object per process and type (and per open probe with -vv)"),
	{ { 0 } },
};

static const struct argp_option verbose[] = {
	{ "verbosity", 'v', NULL, 0,
	  "count kprobes/uprobes and name the programs and maps (-vv: display the probes too)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)arg, (void)state;
	if (key != 'v')
		return ARGP_ERR_UNKNOWN;
	verbosity++;
	return 0;
}

/* The rows' order within a process: the probes, then the kernel's objects
 * by how often a tool has them; a type not known here after these. */
static int rank_of(const char *type)
{
	static const char *const known[] = { "kprobe", "uprobe", "prog", "map", "link", "btf" };
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (!strcmp(known[i], type))
			return (int)i;
	return 100;
}

int bpflist_add(struct bpflist *l, pid_t pid, const char *type, uint32_t id)
{
	struct bpflist_row *r = NULL;
	for (int i = 0; i < l->n && !r; i++)
		if (l->rows[i].pid == pid && !strcmp(l->rows[i].type, type))
			r = &l->rows[i];
	if (!r) {
		struct bpflist_row *v = realloc(l->rows, (size_t)(l->n + 1) * sizeof(*v));
		if (!v)
			return -ENOMEM;
		l->rows = v;
		r = &v[l->n++];
		memset(r, 0, sizeof(*r));
		r->pid = pid;
		r->seen = l->n;
		snprintf(r->type, sizeof(r->type), "%s", type);
	}
	r->count++;
	if (!id)
		return 0;
	for (int i = 0; i < r->nids; i++)
		if (r->ids[i] == id)
			return 0; /* another fd of the same object: one name */
	uint32_t *ids = realloc(r->ids, (size_t)(r->nids + 1) * sizeof(*ids));
	if (!ids)
		return -ENOMEM;
	r->ids = ids;
	r->ids[r->nids++] = id;
	return 0;
}

static int by_pid_then_type(const void *a, const void *b)
{
	const struct bpflist_row *x = a, *y = b;
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	int rx = rank_of(x->type), ry = rank_of(y->type);
	if (rx != ry)
		return rx - ry;
	return x->seen - y->seen;
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* A program's or map's name, from its ID (the kernel's, in fdinfo): "" when
 * it has none or is gone by now. */
static void object_name(const char *type, uint32_t id, char name[BPF_OBJ_NAME_LEN])
{
	bool prog = !strcmp(type, "prog");
	int fd = prog ? bpf_prog_get_fd_by_id(id) : bpf_map_get_fd_by_id(id);
	name[0] = 0;
	if (fd < 0)
		return;
	struct bpf_prog_info pi = { 0 };
	struct bpf_map_info mi = { 0 };
	__u32 len = prog ? sizeof(pi) : sizeof(mi);
	if (!bpf_obj_get_info_by_fd(fd, prog ? (void *)&pi : (void *)&mi, &len))
		snprintf(name, BPF_OBJ_NAME_LEN, "%s", prog ? pi.name : mi.name);
	close(fd);
}

static void print_names(const struct bpflist_row *r, struct json *j)
{
	char name[BPF_OBJ_NAME_LEN];
	if (j)
		json_array(j, "names");
	for (int i = 0; i < r->nids; i++) {
		object_name(r->type, r->ids[i], name);
		if (j)
			json_str(j, NULL, name);
		else
			printf("%s%s", i ? "," : " ", name[0] ? name : "-");
	}
	if (j)
		json_close(j);
}

static bool has_names(const struct bpflist_row *r)
{
	return verbosity && (!strcmp(r->type, "prog") || !strcmp(r->type, "map"));
}

static void print_rows(struct bpflist *l)
{
	int width = 0;
	for (int i = 0; i < l->n; i++)
		if ((int)strlen(l->rows[i].type) > width)
			width = (int)strlen(l->rows[i].type);
	width++;
	if (output_mode != OUTPUT_JSON)
		printf("%-6s %-16s %-*s %s\n", "PID", "COMM", width, "TYPE", verbosity ? "COUNT NAMES" : "COUNT");
	for (int i = 0; i < l->n; i++) {
		struct bpflist_row *r = &l->rows[i];
		char comm[32];
		const char *c = output_comm_of(r->pid, comm);
		qsort(r->ids, (size_t)r->nids, sizeof(*r->ids), by_id);
		if (output_mode != OUTPUT_JSON) {
			printf("%-6d %-16s %-*s ", r->pid, c, width, r->type);
			if (has_names(r)) {
				printf("%-5d", r->count);
				print_names(r, NULL);
			} else {
				printf("%d", r->count);
			}
			printf("\n");
			continue;
		}
		struct json j;
		json_init(&j, stdout, false);
		json_object(&j, NULL);
		json_i64(&j, "pid", r->pid);
		json_str(&j, "comm", c);
		json_str(&j, "type", r->type);
		json_i64(&j, "count", r->count);
		if (has_names(r))
			print_names(r, &j);
		json_line_end(&j);
	}
}

static int bpflist_main(int argc, char **argv)
{
	if (tool_parse_plain("bpflist", argc, argv))
		return 2;
	struct bpflist l = { 0 };
	int rc = verbosity ? bpflist_probes(&l, verbosity > 1) : 0;
	if (!rc)
		rc = bpflist_fds(&l, verbosity > 0);
	if (!rc) {
		if (l.n)
			qsort(l.rows, (size_t)l.n, sizeof(*l.rows), by_pid_then_type);
		print_rows(&l);
	}
	for (int i = 0; i < l.n; i++)
		free(l.rows[i].ids);
	free(l.rows);
	if (fflush(stdout) && !rc) {
		log_err("cannot write the list: %s", strerror(errno));
		rc = -EIO;
	}
	return rc ? 1 : 0;
}

BPFKIT_TOOL(bpflist, .name = "bpflist", .category = "debugging",
	    .summary = "Display processes currently using BPF programs and maps", .main = bpflist_main,
	    .bound = options, .options = verbose, .parse = parse, .groups = TOOL_GROUPS_HELP, .doc =
		"Display processes currently using BPF programs and maps.\v"
		"Examples:\n"
		"  bpflist     # display all processes currently using BPF\n"
		"  bpflist -v  # also count kprobes/uprobes, and name the programs and maps\n"
		"  bpflist -vv # display kprobes/uprobes and count them");
