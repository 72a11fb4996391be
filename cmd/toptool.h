/* What BCC's top-style tools (filetop, dirtop) share: -C, -r MAXROWS and
 * -s SORT, and each summary's head (the screen cleared, the time and load
 * averages, the column titles). */
#ifndef BPFKIT_CMD_TOPTOOL_H
#define BPFKIT_CMD_TOPTOOL_H
#include "core/tool.h"

#include <linux/types.h>

struct toptool_opts {
	bool noclear;
	unsigned long maxrows;
	const char *sort;
	size_t sort_by; /* index in TOPTOOL_SORTS */
};
extern struct toptool_opts toptool;

/* The four counts every row has; sort_by picks one (0: their sum). */
struct toptool_counts {
	__u64 reads, writes, rbytes, wbytes;
};
#define TOPTOOL_OPTIONS                                                                                  \
	OPT_FLAG('C', "noclear", &toptool.noclear, "don't clear the screen"),                          \
	OPT_ULONG('r', "maxrows", "MAXROWS", &toptool.maxrows, 1, 1000000, "maximum rows to print, default 20"), \
	OPT_STRING('s', "sort", "SORT", &toptool.sort, "sort column (all, reads, writes, rbytes, wbytes), default all")

/* At ARGP_KEY_END: -s checked (0, or EINVAL after saying why). */
int toptool_check_sort(void);
/* qsort's order, largest first, of records whose toptool_counts are at off. */
void toptool_sort(void *rows, size_t n, size_t size, size_t off);
/* Unless -j: the screen cleared (a blank line with -C), the time and load
 * averages, the column titles. */
void toptool_head(const char *titles);
/* An interval's rows: the BPF map "counts" read and cleared, as BCC's
 * (keys of key_size, rows of row_size with their toptool_counts at off),
 * sorted by -s, after toptool_head(titles).  How many to print (-r at
 * most), or -errno; *rows is the caller's to free. */
int toptool_rows(struct tracer *t, size_t key_size, size_t row_size, size_t off, const char *titles, void **rows);
/* A byte count in its KB column (BCC's R_Kb, W_Kb); exact bytes while
 * serving --prometheus (TOOL_METRICS' keys r_kb and w_kb are bytes
 * there), where whole KiB per interval would lose every small read. */
void toptool_kbytes(const char *key, const char *fmt, __u64 bytes);
/* The metrics of their rows: reads, writes, and their bytes. */
#define TOPTOOL_METRICS(what)                                                                      \
	TOOL_METRICS({ "reads", "reads_total", "Reads, by " what }, { "writes", "writes_total", "Writes, by " what }, \
		     { "r_kb", "read_bytes_total", "Bytes read, by " what },                       \
		     { "w_kb", "written_bytes_total", "Bytes written, by " what })
/* After the rows: rows freed, the summary out; 0. */
int toptool_done(void *rows);

#endif
