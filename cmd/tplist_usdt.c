/* tplist -l LIB, -p PID: the USDT probes of a file, or of every file a
 * process maps, in BCC's three levels of detail. */
#include "cmd/tplist.h"

#include "core/binary.h"
#include "core/log.h"
#include "core/output.h"
#include "core/usdt.h"
#include "core/usdtlist.h"
#include "histo/json.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* BCC's name of a register: the 64-bit one without its 'r' where a letter
 * follows ("ax", "bp", "ip"), "r8".."r15" as they are. */
static bool reg_name(const char *s, size_t len, char *out, size_t outlen)
{
	const char *r = usdt_reg_name(s, len);
	if (!r)
		return false;
	snprintf(out, outlen, "%s", isalpha((unsigned char)r[1]) ? r + 1 : r);
	return true;
}

/* "%rbx" / "%r13d" at s: its name; the text after it in *end. */
static bool operand_reg(const char *s, const char **end, char *out, size_t outlen)
{
	if (*s != '%')
		return false;
	size_t n = 1;
	while (isalnum((unsigned char)s[n]))
		n++;
	*end = s + n;
	return reg_name(s + 1, n - 1, out, outlen);
}

/* Where an argument is, as BCC's tplist -vv says it: "ax", "5",
 * "*(sp + 112)", "*(bx + 8 + ax * 4)", "*(&counter + 0)"; false for a
 * form it does not know, shown as the note has it. */
static bool operand_text(const char *op, char *out, size_t outlen)
{
	char base[8], index[8];
	const char *end;
	if (*op == '$') {
		char *e;
		long long v = strtoll(op + 1, &e, 0);
		if (e == op + 1 || *e)
			return false;
		snprintf(out, outlen, "%lld", v);
		return true;
	}
	if (*op == '%')
		return operand_reg(op, &end, out, outlen) && !*end;
	/* [ident][+-disp](%base[,%index[,scale]]) */
	char ident[128] = "";
	const char *p = op;
	if (isalpha((unsigned char)*p) || *p == '_') {
		size_t n = 0;
		while (isalnum((unsigned char)p[n]) || p[n] == '_' || p[n] == '.')
			n++;
		if (n >= sizeof(ident))
			return false;
		memcpy(ident, p, n);
		ident[n] = 0;
		p += n;
	}
	long long disp = 0;
	if (*p != '(') {
		char *e;
		disp = strtoll(p, &e, 0);
		if (e == p)
			return false;
		p = e;
	}
	if (*p != '(' || !operand_reg(p + 1, &end, base, sizeof(base)))
		return false;
	char idx[40] = "";
	if (*end == ',') {
		if (!operand_reg(end + 1, &end, index, sizeof(index)))
			return false;
		int n = snprintf(idx, sizeof(idx), " + %s", index);
		if (*end == ',') {
			char *e;
			long scale = strtol(end + 1, &e, 10);
			if (e == end + 1)
				return false;
			snprintf(idx + n, sizeof(idx) - (size_t)n, " * %ld", scale);
			end = e;
		}
	}
	if (strcmp(end, ")"))
		return false;
	char sign = disp < 0 ? '-' : '+';
	unsigned long long mag = disp < 0 ? -(unsigned long long)disp : (unsigned long long)disp;
	if (*ident)
		snprintf(out, outlen, "*(&%s %c %llu)", ident, sign, mag);
	else
		snprintf(out, outlen, "*(%s %c %llu%s)", base, sign, mag, idx);
	return !*ident || !strcmp(base, "ip");
}

/* "8@%rbx" as size, signedness and where. */
struct arg_view {
	int size;
	bool is_signed, known;
	char where[192];
};

static void arg_view(const char *spec, struct arg_view *a)
{
	char *e;
	long size = strtol(spec, &e, 10);
	memset(a, 0, sizeof(*a));
	a->known = e != spec && *e == '@' && size && labs(size) <= 16 && operand_text(e + 1, a->where, sizeof(a->where));
	a->size = (int)labs(size);
	a->is_signed = size < 0;
}

static void print_text(const char *path, const struct usdt_probe *p, int verbosity)
{
	if (!verbosity) {
		printf("%s %s:%s\n", path, p->provider, p->name);
		return;
	}
	printf("%s:%s [sema 0x%" PRIx64 "]\n", p->provider, p->name, p->sema);
	if (verbosity == 1) {
		printf("  %d location(s)\n", p->nlocs);
		printf("  %d argument(s)\n", p->locs[0].nargs);
		return;
	}
	for (int i = 0; i < p->nlocs; i++) {
		printf("  location #%d %s 0x%" PRIx64 "\n", i + 1, path, p->locs[i].addr);
		for (int k = 0; k < p->locs[i].nargs; k++) {
			struct arg_view a;
			arg_view(p->locs[i].args[k], &a);
			if (a.known)
				printf("    argument #%d %d %s bytes @ %s\n", k + 1, a.size,
				       a.is_signed ? "signed  " : "unsigned", a.where);
			else
				printf("    argument #%d %s\n", k + 1, p->locs[i].args[k]);
		}
	}
}

static void json_hex(struct json *j, const char *key, uint64_t v)
{
	char hex[24];
	snprintf(hex, sizeof(hex), "0x%" PRIx64, v);
	json_str(j, key, hex);
}

static void print_json(const char *path, const struct usdt_probe *p, int verbosity)
{
	char probe[512];
	struct json j;
	snprintf(probe, sizeof(probe), "%s:%s", p->provider, p->name);
	json_init(&j, stdout, false);
	json_object(&j, NULL);
	json_str(&j, "path", path);
	json_str(&j, "probe", probe);
	json_str(&j, "provider", p->provider);
	json_str(&j, "name", p->name);
	if (verbosity) {
		if (p->sema)
			json_hex(&j, "semaphore", p->sema);
		else
			json_null(&j, "semaphore");
		json_i64(&j, "location_count", p->nlocs);
		json_i64(&j, "argument_count", p->locs[0].nargs);
	}
	if (verbosity > 1) {
		json_array(&j, "locations");
		for (int i = 0; i < p->nlocs; i++) {
			json_object(&j, NULL);
			json_hex(&j, "address", p->locs[i].addr);
			json_array(&j, "arguments");
			for (int k = 0; k < p->locs[i].nargs; k++) {
				struct arg_view a;
				arg_view(p->locs[i].args[k], &a);
				json_object(&j, NULL);
				json_str(&j, "spec", p->locs[i].args[k]);
				if (a.known) {
					json_i64(&j, "size", a.size);
					json_bool(&j, "signed", a.is_signed);
					json_str(&j, "location", a.where);
				}
				json_close(&j);
			}
			json_close(&j);
			json_close(&j);
		}
		json_close(&j);
	}
	json_line_end(&j);
}

/* The probes of the file opened at open_path, shown as path. */
static int list_file(const char *open_path, const char *path, const struct tplist_opts *o, bool skip_non_elf)
{
	char err[PATH_MAX + 64], name[512];
	struct usdt_probe *v;
	int n = usdt_probes_read(open_path, &v, err, sizeof(err));
	if (n == -ENOEXEC && skip_non_elf)
		return 0;
	if (n < 0) {
		log_err("%s", err);
		return n;
	}
	for (int i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "%s:%s", v[i].provider, v[i].name);
		if (o->filter && fnmatch(o->filter, name, 0))
			continue;
		if (output_mode == OUTPUT_JSON)
			print_json(path, &v[i], o->verbosity);
		else
			print_text(path, &v[i], o->verbosity);
	}
	usdt_probes_free(v, n);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file the process maps, once each, in the order of
 * /proc/PID/maps (its program first, then its libraries by address). */
static int list_process(const struct tplist_opts *o)
{
	char mp[64], *line = NULL;
	size_t cap = 0;
	snprintf(mp, sizeof(mp), "/proc/%d/maps", o->pid);
	FILE *f = fopen(mp, "re");
	if (!f) {
		int e = errno;
		log_err("cannot read the mappings of process %d: %s", o->pid, strerror(e));
		return -e;
	}
	char **seen = NULL;
	int nseen = 0, rc = 0;
	while (!rc && getline(&line, &cap, f) > 0) {
		char *file = strchr(line, '/'), open_path[PATH_MAX];
		struct stat st;
		if (!file)
			continue;
		file[strcspn(file, "\n")] = 0;
		if (strstr(file, " (deleted)") || (nseen && bsearch(&file, seen, (size_t)nseen, sizeof(*seen), cmp_str)))
			continue;
		char **nv = realloc(seen, (size_t)(nseen + 1) * sizeof(*nv));
		if (!nv || !(nv[nseen] = strdup(file))) {
			seen = nv ? nv : seen;
			rc = -ENOMEM;
			log_err("out of memory");
			break;
		}
		seen = nv;
		nseen++;
		qsort(seen, (size_t)nseen, sizeof(*seen), cmp_str);
		/* Through its root: a process in a container maps its own files. */
		if (snprintf(open_path, sizeof(open_path), "/proc/%d/root%s", o->pid, file) >= (int)sizeof(open_path))
			continue;
		if (stat(open_path, &st)) {
			/* Another user's process: an empty list would read as
			 * "no probes". */
			if (errno == EACCES || errno == EPERM) {
				rc = -errno;
				log_err("cannot read the files of process %d: %s", o->pid, strerror(-rc));
			}
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		rc = list_file(open_path, file, o, true);
	}
	for (int i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	free(line);
	fclose(f);
	return rc;
}

int tplist_usdt(const struct tplist_opts *o)
{
	if (!o->lib)
		return list_process(o);
	char path[PATH_MAX], root[64];
	int rc = resolve_binary(o->lib, o->pid, path, sizeof(path));
	if (rc) {
		log_err("cannot find library or executable '%.128s'%s%s", o->lib,
			rc == -ENAMETOOLONG ? ": its path is too long" : "",
			o->pid && rc == -ENOENT ? " (nor in the process's mappings)" : "");
		return rc;
	}
	/* Shown as the process sees it, not through /proc/PID/root. */
	int rootlen = snprintf(root, sizeof(root), "/proc/%d/root/", o->pid);
	const char *shown = o->pid && !strncmp(path, root, (size_t)rootlen) ? path + rootlen - 1 : path;
	return list_file(path, shown, o, false);
}
