/* The top-style tools' shared parts (cmd/toptool.h). */
#include "cmd/toptool.h"

#include "core/histmap.h"
#include "core/log.h"
#include "core/metrics/sink.h"
#include "core/tracer.h"

#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct toptool_opts toptool = { .maxrows = 20, .sort = "all" };

static const char *const sorts[] = { "all", "reads", "writes", "rbytes", "wbytes" };
#define NSORTS (sizeof(sorts) / sizeof(sorts[0]))

int toptool_check_sort(void)
{
	for (toptool.sort_by = 0; toptool.sort_by < NSORTS; toptool.sort_by++)
		if (!strcmp(toptool.sort, sorts[toptool.sort_by]))
			return 0;
	log_err("invalid sort column '%s': all, reads, writes, rbytes or wbytes", toptool.sort);
	return EINVAL;
}

static size_t counts_off;

static uint64_t value(const void *row)
{
	const struct toptool_counts *c = (const void *)((const char *)row + counts_off);
	const __u64 by[NSORTS] = { c->reads + c->writes + c->rbytes + c->wbytes, c->reads, c->writes, c->rbytes,
				   c->wbytes };
	return by[toptool.sort_by];
}

void toptool_sort(void *rows, size_t n, size_t size, size_t off)
{
	counts_off = off;
	histmap_sort_largest(rows, n, size, value);
}

void toptool_head(const char *titles)
{
	if (output_mode == OUTPUT_JSON || metrics_sink_on)
		return;
	char hms[16], load[128];
	/* BCC runs clear(1); this is what it prints on a VT100-like terminal. */
	printf(toptool.noclear ? "\n" : "\033[H\033[J");
	printf("%-8s loadavg: %s\n%s\n", output_hms(hms), output_loadavg(load), titles);
}

int toptool_rows(struct tracer *t, size_t key_size, size_t row_size, size_t off, const char *titles, void **rows)
{
	int got = histmap_read(bpf_object__find_map_fd_by_name(t->obj, "counts"), key_size, row_size, off, true, rows);
	if (got < 0)
		return got;
	toptool_sort(*rows, (size_t)got, row_size, off);
	toptool_head(titles);
	/* A scrape takes every row: -r is the screen's. */
	return (size_t)got < toptool.maxrows || metrics_sink_on ? got : (int)toptool.maxrows;
}

void toptool_kbytes(const char *key, const char *fmt, __u64 bytes)
{
	rec_u64(key, fmt, metrics_sink_on ? bytes : bytes / 1024);
}

int toptool_done(void *rows)
{
	free(rows);
	fflush(stdout);
	return 0;
}
