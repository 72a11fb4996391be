/* sslsniff: the plaintext that programs hand to TLS libraries and get back
 * from them, as BCC's sslsniff: uprobes on OpenSSL's SSL_read/SSL_write
 * (and their _ex forms, which Python's ssl module calls and BCC misses),
 * GnuTLS's gnutls_record_recv/send and NSS's PR_Read/PR_Write/PR_Recv/
 * PR_Send, the data copied at the return. */
#include "core/binary.h"
#include "core/tool.h"
#include "probes/sslsniff.skel.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "probes/sslsniff.h"

/* Libraries by kind: the default one (slot 0) and --extra-lib's. */
enum { OPENSSL_SLOTS = 3, GNUTLS_SLOTS = 2, NSS_SLOTS = 2 };
struct libkind {
	const char *type;  /* --extra-lib's word */
	const char *title; /* in messages */
	const char *deflib; /* the library core/binary.h finds by name */
	int *enabled;	   /* cleared by -o, -g, -n */
	const char **path;
	bool *on;
	int slots;
};

static int use_openssl = 1, use_gnutls = 1, use_nss = 1;
static const char *ossl_path[OPENSSL_SLOTS], *gtls_path[GNUTLS_SLOTS], *nss_path[NSS_SLOTS];
static bool ossl_on[OPENSSL_SLOTS], gtls_on[GNUTLS_SLOTS], nss_on[NSS_SLOTS], hs_on[OPENSSL_SLOTS];

static struct libkind kinds[] = {
	{ "openssl", "OpenSSL", "ssl", &use_openssl, ossl_path, ossl_on, OPENSSL_SLOTS },
	{ "gnutls", "GnuTLS", "gnutls", &use_gnutls, gtls_path, gtls_on, GNUTLS_SLOTS },
	{ "nss", "NSS", "nspr4", &use_nss, nss_path, nss_on, NSS_SLOTS },
};
#define NKINDS (int)(sizeof(kinds) / sizeof(kinds[0]))

#define MAX_EXTRA 8
static struct {
	int kind;
	const char *path;
} extra[MAX_EXTRA];
static int nextra;

static unsigned uid;
static bool has_uid, extra_cols, hexdump, latency, handshake, debug;
static const char *comm;
static unsigned long max_buffer = 8192;

/* A call's entry and return, in slot i's library of one kind. */
#define ENTRY(func, prog, paths, on, i, ...)                                                             \
	{ func, { { PM_UPROBE, prog, func } }, .binary = &paths[i], .pid = &tool_args.pid, .when = &on[i], \
	  __VA_ARGS__ }
#define RETURN(func, prog, paths, on, i, ...)                                                                     \
	{ func " return", { { PM_URETPROBE, prog, func } }, .binary = &paths[i], .pid = &tool_args.pid, .when = &on[i], \
	  __VA_ARGS__ }
#define BOTH(func, enter, ret, paths, on, i, ...) \
	ENTRY(func, enter, paths, on, i, __VA_ARGS__), RETURN(func, ret, paths, on, i, __VA_ARGS__)
/* SSL_read_ex/SSL_write_ex came with OpenSSL 1.1.1. */
#define OPENSSL(i)                                                                              \
	BOTH("SSL_write", "rw_enter", "write_return", ossl_path, ossl_on, i),                  \
	BOTH("SSL_read", "rw_enter", "read_return", ossl_path, ossl_on, i),                    \
	BOTH("SSL_write_ex", "rw_ex_enter", "write_return", ossl_path, ossl_on, i, .optional = true), \
	BOTH("SSL_read_ex", "rw_ex_enter", "read_return", ossl_path, ossl_on, i, .optional = true),   \
	BOTH("SSL_do_handshake", "handshake_enter", "handshake_return", ossl_path, hs_on, i)
#define GNUTLS(i)                                                                                   \
	BOTH("gnutls_record_send", "rw_enter", "write_ssize_return", gtls_path, gtls_on, i),       \
	BOTH("gnutls_record_recv", "rw_enter", "read_ssize_return", gtls_path, gtls_on, i)
#define NSS(i)                                                                          \
	BOTH("PR_Write", "rw_enter", "write_return", nss_path, nss_on, i),             \
	BOTH("PR_Send", "rw_enter", "write_return", nss_path, nss_on, i),              \
	BOTH("PR_Read", "rw_enter", "read_return", nss_path, nss_on, i),               \
	BOTH("PR_Recv", "rw_enter", "read_return", nss_path, nss_on, i)

static const struct probe_spec probes[] = {
	OPENSSL(0), OPENSSL(1), OPENSSL(2), GNUTLS(0), GNUTLS(1), NSS(0), NSS(1),
};

enum { OPT_HEXDUMP = 1000, OPT_MAXBUF, OPT_HANDSHAKE, OPT_EXTRALIB };

static const struct tool_option bound[] = {
	OPT_UID('u', "uid", "UID", &uid, &has_uid, "sniff this UID only.", .rodata = "targ_uid"),
	OPT_FLAG('x', "extra", &extra_cols, "show extra fields (UID, TID)"),
	OPT_STRING('c', "comm", "COMM", &comm, "sniff only commands matching string."),
	OPT_SET('o', "no-openssl", &use_openssl, false, "do not show OpenSSL calls."),
	OPT_SET('g', "no-gnutls", &use_gnutls, false, "do not show GnuTLS calls."),
	OPT_SET('n', "no-nss", &use_nss, false, "do not show NSS calls."),
	OPT_FLAG('d', "debug", &debug, "debug mode: say which library and function each probe goes on"),
	OPT_FLAG(OPT_HEXDUMP, "hexdump", &hexdump, "show data as hexdump instead of trying to decode it as UTF-8"),
	OPT_ULONG(OPT_MAXBUF, "max-buffer-size", "SIZE", &max_buffer, 1, SSLSNIFF_MAX_BUF,
		  "Size of captured buffer (default 8192, at most 16384)", .rodata = "max_buf"),
	OPT_FLAG('l', "latency", &latency, "show function latency"),
	OPT_FLAG(OPT_HANDSHAKE, "handshake", &handshake,
		 "show SSL handshake latency, enabled only if latency option is on."),
	{ { 0 } },
};

static const struct argp_option options[] = {
	{ "extra-lib", OPT_EXTRALIB, "TYPE:PATH", 0,
	  "Intercept calls from extra library (format: lib_type:lib_path; openssl, gnutls or nss)", 0 },
	{ 0 },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	if (key != OPT_EXTRALIB)
		return ARGP_ERR_UNKNOWN;
	const char *colon = strchr(arg, ':');
	int k = 0;
	while (colon && k < NKINDS && strncmp(arg, kinds[k].type, colon - arg) | (kinds[k].type[colon - arg] != 0))
		k++;
	if (!colon)
		return log_err("Invalid SSL library param: '%s' (TYPE:PATH, e.g. openssl:/usr/lib/libssl.so.3)", arg), EINVAL;
	if (k == NKINDS)
		return log_err("Invalid SSL library type: '%.*s' (openssl, gnutls or nss)", (int)(colon - arg), arg), EINVAL;
	char path[PATH_MAX];
	if (resolve_binary(colon + 1, 0, path, sizeof(path)) || !strchr(colon + 1, '/'))
		return log_err("Invalid library path: '%s'", colon + 1), EINVAL;
	if (nextra == MAX_EXTRA)
		return log_err("--extra-lib: at most %d libraries", MAX_EXTRA), EINVAL;
	extra[nextra].kind = k;
	extra[nextra++].path = colon + 1;
	return 0;
}

/* Library i of kind k is path, unless the same file is already there. */
static int add_lib(struct libkind *k, const char *path)
{
	char real[PATH_MAX], other[PATH_MAX];
	if (!realpath(path, real))
		return log_err("cannot read %s: %s", path, strerror(errno)), -errno;
	for (int i = 0; i < k->slots; i++) {
		if (!k->on[i]) {
			k->path[i] = strdup(real);
			if (!k->path[i])
				return log_err("out of memory"), -ENOMEM;
			k->on[i] = true;
			if (debug)
				fprintf(stderr, "sslsniff: %s calls in %s\n", k->title, real);
			return 0;
		}
		if (realpath(k->path[i], other) && !strcmp(real, other))
			return 0;
	}
	return log_err("--extra-lib: at most %d %s libraries", k->slots, k->title), -E2BIG;
}

static int configure(struct tracer *t)
{
	struct sslsniff_bpf *skel = t->skel;
	pid_t pid = tool_args.pid;
	if (comm) {
		if (strlen(comm) >= sizeof(skel->rodata->targ_comm))
			return log_err("-c: '%s' is longer than a command name can be (15 characters)", comm), -EINVAL;
		memcpy((char *)skel->rodata->targ_comm, comm, strlen(comm));
	}
	skel->rodata->filter_uid = has_uid;
	int err, any = 0;
	char names[256] = "", path[PATH_MAX];
	for (int k = 0; k < NKINDS; k++) {
		if (!*kinds[k].enabled)
			continue;
		snprintf(names + strlen(names), sizeof(names) - strlen(names), "%slib%s", names[0] ? ", " : "",
			 kinds[k].deflib);
		/* With -p only what the process maps: a library it does not
		 * have would be probed for nothing. */
		if (resolve_binary(kinds[k].deflib, pid, path, sizeof(path)) || (pid && !binary_mapped(pid, path)))
			continue;
		if ((err = add_lib(&kinds[k], path)))
			return err;
		any++;
	}
	for (int i = 0; i < nextra; i++) {
		if ((err = add_lib(&kinds[extra[i].kind], extra[i].path)))
			return err;
		any++;
	}
	if (!any) {
		if (!use_openssl && !use_gnutls && !use_nss && !nextra)
			return log_err("nothing to trace: -o, -g and -n leave no library (--extra-lib names one)"), -EINVAL;
		if (pid)
			return log_err("process %d maps none of %s (a static TLS library: --extra-lib TYPE:PATH)", pid,
				       names), -ENOENT;
		return log_err("cannot find %s (--extra-lib TYPE:PATH names one)", names), -ENOENT;
	}
	for (int i = 0; i < OPENSSL_SLOTS; i++)
		hs_on[i] = ossl_on[i] && latency && handshake;
	return 0;
}

static int end(struct tracer *t)
{
	(void)t;
	for (int k = 0; k < NKINDS; k++)
		for (int i = 0; i < kinds[k].slots; i++)
			free((char *)kinds[k].path[i]), kinds[k].path[i] = NULL;
	return 0;
}

static const char *op_name(int op)
{
	static const char *const names[] = { [SSL_OP_READ] = "READ/RECV", [SSL_OP_WRITE] = "WRITE/SEND",
					     [SSL_OP_HANDSHAKE] = "HANDSHAKE" };
	return op >= 0 && op <= SSL_OP_HANDSHAKE ? names[op] : NULL;
}

/* The bytes the record holds: those BPF copied, within what arrived. */
static size_t data_len(const struct ssl_event *e, size_t size)
{
	size_t n = e->buf_filled ? e->len : 0;
	if (n > max_buffer)
		n = max_buffer;
	if (n > size - offsetof(struct ssl_event, buf))
		n = size - offsetof(struct ssl_event, buf);
	return n;
}

/* BCC's block under the row: the data as UTF-8 (Python's 'replace'), or
 * 16 bytes of hex a line; how much was not captured.  -j: the bytes as a
 * string (invalid UTF-8 as \udcXX), hex with --hexdump, and lost. */
static void data_block(const struct record_column *c, const void *rec, size_t size)
{
	(void)c;
	const struct ssl_event *e = rec;
	size_t n = data_len(e, size), lost = e->len - n;
	if (output_mode == OUTPUT_JSON) {
		if (hexdump) {
			char *hex = malloc(2 * n + 1);
			if (!hex)
				return;
			for (size_t i = 0; i < n; i++)
				sprintf(hex + 2 * i, "%02x", e->buf[i]);
			hex[2 * n] = 0;
			rec_str("hex", NULL, hex);
			free(hex);
		} else {
			rec_bytes("data", e->buf, n);
		}
		rec_u64("lost", NULL, lost);
		return;
	}
	if (!n)
		return;
	fputs("----- DATA -----\n", stdout);
	if (hexdump)
		for (size_t i = 0; i < n; i++)
			printf("%s%02x", i && i % 16 == 0 ? "\n" : "", e->buf[i]);
	else
		output_utf8_replaced(stdout, e->buf, n);
	if (lost)
		printf("\n----- END DATA (TRUNCATED, %zu bytes lost) -----\n\n\n", lost);
	else
		fputs("\n----- END DATA -----\n\n\n", stdout);
}

static const struct record_column columns[] = {
	COL(struct ssl_event, op, "FUNC", "%-12s ", .name_of = op_name),
	COL(struct ssl_event, ts_ns, "TIME(s)", "%-18.9f ", .scale = 1e9, .since_first = true),
	COL(struct ssl_event, comm, "COMM", "%-16s "),
	COL(struct ssl_event, pid, "PID", "%-7d "),
	COL(struct ssl_event, len, "LEN", "%-6d", .hfmt = "%-7s"),
	COL(struct ssl_event, uid, "UID", " %-7d", .hfmt = " %-7s", .when = &extra_cols),
	COL(struct ssl_event, tid, "TID", " %-7d", .hfmt = " %-7s", .when = &extra_cols),
	COL(struct ssl_event, delta_ns, "LAT(ms)", " %-7.3f", .hfmt = " %-7s", .scale = 1e6, .none = "N/A",
	    .key = "lat_ms", .when = &latency),
	COL_CALL("DATA", "%s", data_block, .below = true),
	{ 0 },
};

DECLARE_TOOL(sslsniff, .category = "applications", .summary = "Sniff SSL data", .shape = TOOL_EVENTS,
	     .takes = TOOL_PID | TOOL_JSON | TOOL_BUFFER, /* -d is BCC's --debug */
	     .help = { .pid = "sniff this PID only.",
		       .json = "One JSON object per call (keys: the column names, data or hex, lost)" },
	     .bound = bound, .options = options, .parse = parse, TOOL_PROBES(probes), .configure = configure,
	     .end = end, .columns = columns, .event_size = offsetof(struct ssl_event, buf),
	     .examples = "  sslsniff              # sniff OpenSSL, GnuTLS and NSS functions\n"
			 "  sslsniff -p 181       # sniff PID 181 only\n"
			 "  sslsniff -u 1000      # sniff only UID 1000\n"
			 "  sslsniff -c curl      # sniff curl command only\n"
			 "  sslsniff --no-openssl # don't show OpenSSL calls\n"
			 "  sslsniff --no-gnutls  # don't show GnuTLS calls\n"
			 "  sslsniff --no-nss     # don't show NSS calls\n"
			 "  sslsniff --hexdump    # show data as hex instead of trying to decode it as UTF-8\n"
			 "  sslsniff -x           # show process UID and TID\n"
			 "  sslsniff -l           # show function latency\n"
			 "  sslsniff -l --handshake  # show SSL handshake latency\n"
			 "  sslsniff --extra-lib openssl:/path/libssl.so.1.1 # sniff extra library");
