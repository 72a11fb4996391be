/* ttysnoop: the output written to a tty or pts device, as BCC's ttysnoop. */
#include "core/output.h"
#include "core/tool.h"
#include "probes/ttysnoop.skel.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "probes/ttysnoop.h"

static const struct probe_spec probes[] = { PROBE_FENTRY("tty_write", "tty_write", "write") };

static bool noclear;
static unsigned long datasize = 256, datacount = 16;
static const char *device;
static char path[4096];

static const struct tool_option options[] = {
	OPT_FLAG('C', "noclear", &noclear, "don't clear the screen"),
	OPT_ULONG('s', "datasize", "SIZE", &datasize, 1, TTYSNOOP_MAX_DATASIZE, "size of the transmitting buffer (default 256)"),
	OPT_ULONG('c', "datacount", "COUNT", &datacount, 1, TTYSNOOP_MAX_DATACOUNT,
		  "number of times we check for 'data-size' data (default 16)"),
	{ { 0 } },
};

static error_t parse(int key, char *arg, struct argp_state *state)
{
	(void)state;
	switch (key) {
	case ARGP_KEY_ARG:
		if (device) {
			log_err("unexpected argument '%s'", arg);
			return EINVAL;
		}
		device = arg;
		return 0;
	case ARGP_KEY_END:
		if (!device) {
			log_err("a device is needed: a pts number (2 for /dev/pts/2) or a path (/dev/tty0)");
			return EINVAL;
		}
		return 0;
	}
	return ARGP_ERR_UNKNOWN;
}

/* The device as BCC names it (a number is /dev/pts/N), which must be a
 * character device: its inode and its file system's device go to the BPF
 * side. */
static int configure(struct tracer *t)
{
	struct stat st;
	snprintf(path, sizeof(path), device[0] == '/' ? "%s" : "/dev/pts/%s", device);
	if (stat(path, &st))
		return log_err("Unable to read device %s: %s", path, strerror(errno)), -errno;
	if (!S_ISCHR(st.st_mode))
		return log_err("%s is not a tty device", path), -EINVAL;
	struct ttysnoop_bpf *skel = t->skel;
	skel->rodata->targ_ino = st.st_ino;
	skel->rodata->targ_dev = major(st.st_dev) << 20 | minor(st.st_dev);
	skel->rodata->datasize = datasize;
	skel->rodata->datacount = datacount;
	return 0;
}

/* BCC runs clear(1); the same escape sequences, only where they mean
 * something: a terminal, not a file or -j. */
static int started(struct tracer *t)
{
	(void)t;
	if (!noclear && output_mode != OUTPUT_JSON && isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J\033[3J", stdout);
	fflush(stdout);
	/* Nothing on stdout but the device's text: the ready line on stderr. */
	fprintf(stderr, "Tracing output to %s... Hit Ctrl-C to end.\n", path);
	return 0;
}

/* The bytes as written, without a line of our own (BCC); -j: one object
 * per record. */
static int on_event(const void *data, size_t size)
{
	const struct tty_event *e = data;
	size_t n = e->count;
	if (n > size - offsetof(struct tty_event, buf))
		n = size - offsetof(struct tty_event, buf);
	if (output_mode == OUTPUT_JSON) {
		rec_u64("count", "%llu", n);
		rec_strn("data", "%s", e->buf, n);
		rec_end();
		return 0;
	}
	fwrite(e->buf, 1, n, stdout);
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(ttysnoop, .category = "security", .summary = "Snoop output from a pts or tty device, eg, a shell",
	     .shape = TOOL_EVENTS, .takes = TOOL_EVENT_OPTIONS, .bound = options, .parse = parse, .args_doc = "device",
	     .help = { .json = "One JSON object per piece of a write (keys: count, data)" },
	     TOOL_PROBES(probes), .configure = configure, .started = started, .event = on_event,
	     .event_size = offsetof(struct tty_event, buf),
	     .examples = "  ttysnoop /dev/pts/2          # snoop output from /dev/pts/2\n"
			 "  ttysnoop 2                   # snoop output from /dev/pts/2 (shortcut)\n"
			 "  ttysnoop /dev/console        # snoop output from the system console\n"
			 "  ttysnoop /dev/tty0           # snoop output from /dev/tty0\n"
			 "  ttysnoop /dev/pts/2 -s 1024  # with data size 1024\n"
			 "  ttysnoop /dev/pts/2 -c 2     # 2 checks for 256 bytes of data (up to 512 bytes)");
