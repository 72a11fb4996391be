/* core/metrics/expo.c: the Prometheus text format 0.0.4 and OpenMetrics as
 * they are specified: names, HELP and TYPE lines, label values escaped
 * (backslash, quote, newline; invalid UTF-8 as U+FFFD), counters that
 * only add up, cumulative histogram buckets with +Inf, _sum and _count,
 * and the series limit folding the rest into one overflow series. */
#include "core/metrics/expo.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static char *render(struct metrics *m, bool om)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	CHECK(metrics_render(m, om, f) == 0, "render failed");
	fclose(f);
	return buf;
}

#define EXPECT(got, want)                                                                         \
	CHECK(!strcmp((got), (want)), "\n--- got:\n%s--- want:\n%s", (got), (want))

static void test_escape(void)
{
	char out[64];
	metrics_escape_value("a\\b\"c\nd", out, sizeof(out));
	EXPECT(out, "a\\\\b\\\"c\\nd");
	metrics_escape_value("ok\xff\xc3\xa9", out, sizeof(out));
	EXPECT(out, "ok\xef\xbf\xbd\xc3\xa9");
	/* Cut at a whole escape, never half of one. */
	metrics_escape_value("ab\\", out, 4);
	EXPECT(out, "ab");
	metrics_sanitize_name("Process Name", true, out, sizeof(out));
	EXPECT(out, "process_name");
	metrics_sanitize_name("9lives:x", false, out, sizeof(out));
	EXPECT(out, "_9lives:x");
	metrics_sanitize_name("a:b", true, out, sizeof(out));
	EXPECT(out, "a_b");
}

static void test_counter(void)
{
	struct metrics *m = metrics_new(100);
	struct metric_family *f = metrics_family(m, "bpfkit_syscount_syscalls", "Calls \\ by\nsyscall", METRIC_COUNTER);
	struct metric_label l[] = { { "syscall", "getpid" }, { "comm", "a\"b\\c\nd" } };
	CHECK(metrics_add(m, f, l, 2, 4000) == 0, "add");
	CHECK(metrics_add(m, f, l, 2, 321) == 0, "add");
	CHECK(metrics_add(m, f, l, 1, 0.5) == 0, "add");
	char *text = render(m, false);
	EXPECT(text, "# HELP bpfkit_syscount_syscalls_total Calls \\\\ by\\nsyscall\n"
		     "# TYPE bpfkit_syscount_syscalls_total counter\n"
		     "bpfkit_syscount_syscalls_total{syscall=\"getpid\",comm=\"a\\\"b\\\\c\\nd\"} 4321\n"
		     "bpfkit_syscount_syscalls_total{syscall=\"getpid\"} 0.5\n"
		     "# HELP bpfkit_series_dropped_total Label sets added to an overflow series, past "
		     "--prometheus-max-series\n"
		     "# TYPE bpfkit_series_dropped_total counter\n"
		     "bpfkit_series_dropped_total 0\n");
	free(text);
	text = render(m, true);
	EXPECT(text, "# HELP bpfkit_syscount_syscalls Calls \\\\ by\\nsyscall\n"
		     "# TYPE bpfkit_syscount_syscalls counter\n"
		     "bpfkit_syscount_syscalls_total{syscall=\"getpid\",comm=\"a\\\"b\\\\c\\nd\"} 4321\n"
		     "bpfkit_syscount_syscalls_total{syscall=\"getpid\"} 0.5\n"
		     "# HELP bpfkit_series_dropped Label sets added to an overflow series, past "
		     "--prometheus-max-series\n"
		     "# TYPE bpfkit_series_dropped counter\n"
		     "bpfkit_series_dropped_total 0\n"
		     "# EOF\n");
	free(text);
	/* A name of two types is refused. */
	CHECK(!metrics_family(m, "bpfkit_syscount_syscalls", "", METRIC_GAUGE), "a second type was accepted");
	metrics_free(m);
}

static void test_histogram(void)
{
	struct metrics *m = metrics_new(100);
	struct metric_family *f = metrics_family(m, "bpfkit_runqlat_seconds", "Latency", METRIC_HISTOGRAM);
	const double le[4] = { 2e-6, 4e-6, 8e-6, 16e-6 };
	const uint64_t a[4] = { 1, 0, 3, 0 }, b[4] = { 0, 2, 0, 0 };
	struct metric_label l = { "pid", "7" };
	CHECK(metrics_observe(m, f, &l, 1, le, a, 4, 25e-6) == 0, "observe");
	CHECK(metrics_observe(m, f, &l, 1, le, b, 4, 6e-6) == 0, "observe");
	const double other[4] = { 1, 2, 3, 4 };
	CHECK(metrics_observe(m, f, &l, 1, other, b, 4, 0) == -EINVAL, "other buckets were accepted");
	char *text = render(m, false);
	/* Buckets past the highest one ever counted in (le 1.6e-05) are the
	 * count again: left to +Inf. */
	EXPECT(text, "# HELP bpfkit_runqlat_seconds Latency\n"
		     "# TYPE bpfkit_runqlat_seconds histogram\n"
		     "bpfkit_runqlat_seconds_bucket{pid=\"7\",le=\"2e-06\"} 1\n"
		     "bpfkit_runqlat_seconds_bucket{pid=\"7\",le=\"4e-06\"} 3\n"
		     "bpfkit_runqlat_seconds_bucket{pid=\"7\",le=\"8e-06\"} 6\n"
		     "bpfkit_runqlat_seconds_bucket{pid=\"7\",le=\"+Inf\"} 6\n"
		     "bpfkit_runqlat_seconds_sum{pid=\"7\"} 3.1e-05\n"
		     "bpfkit_runqlat_seconds_count{pid=\"7\"} 6\n"
		     "# HELP bpfkit_series_dropped_total Label sets added to an overflow series, past "
		     "--prometheus-max-series\n"
		     "# TYPE bpfkit_series_dropped_total counter\n"
		     "bpfkit_series_dropped_total 0\n");
	free(text);
	metrics_free(m);
}

static void test_overflow(void)
{
	struct metrics *m = metrics_new(2);
	struct metric_family *f = metrics_family(m, "bpfkit_t_calls", "", METRIC_COUNTER);
	char pid[16];
	for (int i = 0; i < 5; i++) {
		snprintf(pid, sizeof(pid), "%d", i);
		struct metric_label l = { "pid", pid };
		metrics_add(m, f, &l, 1, 1);
	}
	/* A series already kept is still counted in its own. */
	metrics_add(m, f, &(struct metric_label){ "pid", "1" }, 1, 10);
	char *text = render(m, false);
	EXPECT(text, "# HELP bpfkit_t_calls_total \n"
		     "# TYPE bpfkit_t_calls_total counter\n"
		     "bpfkit_t_calls_total{pid=\"0\"} 1\n"
		     "bpfkit_t_calls_total{pid=\"1\"} 11\n"
		     "bpfkit_t_calls_total{overflow=\"true\"} 3\n"
		     "# HELP bpfkit_series_dropped_total Label sets added to an overflow series, past "
		     "--prometheus-max-series\n"
		     "# TYPE bpfkit_series_dropped_total counter\n"
		     "bpfkit_series_dropped_total 3\n");
	free(text);
	metrics_free(m);
}

/* Many series: the hash table grows and finds each again. */
static void test_many(void)
{
	struct metrics *m = metrics_new(100000);
	struct metric_family *f = metrics_family(m, "bpfkit_t_calls", "", METRIC_COUNTER);
	char pid[16];
	for (int round = 0; round < 2; round++)
		for (int i = 0; i < 5000; i++) {
			snprintf(pid, sizeof(pid), "%d", i);
			metrics_add(m, f, &(struct metric_label){ "pid", pid }, 1, 1);
		}
	char *text = render(m, false);
	CHECK(strstr(text, "\nbpfkit_t_calls_total{pid=\"4999\"} 2\n"), "pid 4999 not counted twice");
	CHECK(!strstr(text, "} 1\n"), "a series was made twice");
	free(text);
	metrics_free(m);
}

int main(void)
{
	test_escape();
	test_counter();
	test_histogram();
	test_overflow();
	test_many();
	if (failures)
		printf("%d failures\n", failures);
	return failures ? 1 : 0;
}
