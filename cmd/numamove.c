/* numamove: NUMA balancing's page migrations per second, with the time
 * they took, as libbpf-tools' numamove. */
#include "core/tool.h"
#include "probes/numamove.skel.h"

#include <stdio.h>

/* The function is migrate_misplaced_folio() since 6.10; without fentry or
 * kprobes, migrate_pages()'s tracepoints with reason NUMA_MISPLACED. */
static const struct probe_spec probes[] = {
	{ "migrate_misplaced_folio or migrate_misplaced_page",
	  { { PM_FENTRY, "folio_enter_fentry", "migrate_misplaced_folio" },
	    { PM_FENTRY, "page_enter_fentry", "migrate_misplaced_page" },
	    { PM_KPROBE, "folio_enter_kprobe", "migrate_misplaced_folio" },
	    { PM_KPROBE, "page_enter_kprobe", "migrate_misplaced_page" },
	    { PM_TRACEPOINT, "enter_tp", "migrate:mm_migrate_pages_start" } } },
	{ "migrate_misplaced_folio or migrate_misplaced_page return",
	  { { PM_FEXIT, "folio_exit_fexit", "migrate_misplaced_folio" },
	    { PM_FEXIT, "page_exit_fexit", "migrate_misplaced_page" },
	    { PM_KRETPROBE, "folio_exit_kretprobe", "migrate_misplaced_folio" },
	    { PM_KRETPROBE, "page_exit_kretprobe", "migrate_misplaced_page" },
	    { PM_TRACEPOINT, "exit_tp", "migrate:mm_migrate_pages" } } },
};

static void header(void)
{
	fprintf(record_header_out(), "%-10s %18s %18s\n", "TIME", "NUMA_migrations", "NUMA_migrations_ms");
	fflush(record_header_out());
}

/* The milliseconds are the interval's total time in the function, summed
 * in nanoseconds (libbpf-tools sums each call's whole milliseconds, so
 * calls under 1 ms add nothing there). */
static int summary(struct tracer *t, bool last)
{
	struct numamove_bpf *s = t->skel;
	char hms[16];
	(void)last;
	unsigned long long n = __atomic_exchange_n(&s->bss->num, 0, __ATOMIC_RELAXED);
	unsigned long long ns = __atomic_exchange_n(&s->bss->latency_ns, 0, __ATOMIC_RELAXED);
	rec_str("time", "%-10s ", output_hms(hms));
	rec_u64("numa_migrations", "%18llu ", n);
	rec_u64("numa_migrations_ms", "%18llu", ns / 1000000);
	rec_end();
	fflush(stdout);
	return 0;
}

DECLARE_TOOL(numamove, .category = "memory", .summary = "Show page migrations of type NUMA misplaced per second",
	     .shape = TOOL_INTERVAL, .interval_ms = 1000, .takes = TOOL_JSON | TOOL_INTERVAL_COUNT,
	     .help.json = "One JSON object per interval (a bpfkit addition)", TOOL_PROBES(probes), .header = header,
	     .interval = summary,
	     TOOL_METRICS({ "numa_migrations", "migrations_total", "Pages migrated because NUMA balancing found them misplaced" },
			  { "numa_migrations_ms", "migration_seconds_total", "Time spent migrating them", 1e-3 }),
	     .examples = "  numamove              # Show page migrations' count and latency\n"
			 "  numamove 5 3          # three 5 second lines (a bpfkit addition)");
