/* The kprobes and uprobes opened through tracefs (kprobe_events,
 * uprobe_events), counted for the process their names carry: BCC names
 * them "..._bcc_PID", libbpf (on kernels without perf's probe PMUs)
 * "libbpf_PID_...".  Probes made through the PMUs are not in these files;
 * their programs still show as the process's prog rows. */
#include "cmd/bpflist.h"

#include "core/features.h"
#include "core/log.h"
#include "core/output.h"
#include "histo/json.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The PID in a probe line's event name ("p:kprobes/p_vfs_read_bcc_4058
 * vfs_read", "p:kprobes/libbpf_4058_vfs_read_0x0_0 vfs_read"), 0 if none. */
static pid_t owner_of(const char *line)
{
	const char *name = strchr(line, '/');
	if (!name)
		return 0;
	name++;
	size_t len = strcspn(name, " \t\n");
	if (!strncmp(name, "libbpf_", 7) && isdigit((unsigned char)name[7])) {
		char *end;
		long pid = strtol(name + 7, &end, 10);
		return *end == '_' ? (pid_t)pid : 0;
	}
	/* The last "_bcc_" followed by digits to the end of the name. */
	for (const char *p = name + len; p > name; p--) {
		if (p - name >= 5 && !strncmp(p - 5, "_bcc_", 5)) {
			char *end;
			long pid = strtol(p, &end, 10);
			return end == name + len && end != p ? (pid_t)pid : 0;
		}
	}
	return 0;
}

static int read_probes(struct bpflist *l, const char *tfs, const char *type, bool show)
{
	char path[PATH_MAX], *line = NULL;
	size_t cap = 0;
	snprintf(path, sizeof(path), "%s/%s_events", tfs, type);
	FILE *f = fopen(path, "re");
	/* No such file: a kernel without that kind of probe has none open. */
	if (!f && errno != ENOENT) {
		int e = errno;
		log_err("cannot read %s: %s", path, strerror(e));
		return -e;
	}
	if (show && output_mode != OUTPUT_JSON)
		printf("open %ss:\n", type);
	int rc = 0;
	while (!rc && f && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		pid_t pid = owner_of(line);
		if (pid)
			rc = bpflist_add(l, pid, type, 0);
		if (show && output_mode != OUTPUT_JSON) {
			printf("%s\n", line);
		} else if (show) {
			struct json j;
			json_init(&j, stdout, false);
			json_object(&j, NULL);
			json_str(&j, "probe_type", type);
			json_str(&j, "definition", line);
			json_line_end(&j);
		}
	}
	if (show && output_mode != OUTPUT_JSON)
		printf("\n");
	free(line);
	if (f)
		fclose(f);
	if (rc)
		log_err("out of memory");
	return rc;
}

int bpflist_probes(struct bpflist *l, bool show)
{
	const char *tfs = tracefs_path();
	if (!tfs) {
		log_err("cannot count kprobes and uprobes: tracefs cannot be read or mounted: %s",
			strerror(errno));
		return -ENOENT;
	}
	return read_probes(l, tfs, "kprobe", show) ?: read_probes(l, tfs, "uprobe", show);
}
