/* Print the log2 histograms a BPF program keeps in a hash map of
 * u32 key -> struct hist (probes/lib/hist.h), one section per key, then clear
 * them for the next interval.  Shared by every latency-histogram tool. */
#ifndef BPFKIT_CORE_HISTMAP_H
#define BPFKIT_CORE_HISTMAP_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct histmap_print {
	const char *val_type;	    /* "usecs", "msecs", ... */
	const char *section;	    /* "pid", "tid", ...; NULL: one histogram, key 0 */
	bool json;		    /* one JSON object per line instead of text */
	/* Section label for a key; default "%u". */
	void (*label)(uint32_t key, const char comm[16], char *buf, size_t len);
};

/* Returns 0 or -errno.  Keys are printed in ascending order. */
int histmap_print_and_clear(int map_fd, const struct histmap_print *p, FILE *out);

/* Every entry of a BPF hash map, in the map's order, into an array (*out,
 * to free) of records of esize bytes: the key (ksize bytes) first, the
 * value at voff.  With clear the entries read are then deleted (after the
 * walk: deleting during it restarts it), as BCC's items() and clear().
 * Returns the count, or -ENOMEM (printed). */
int histmap_read(int fd, size_t ksize, size_t esize, size_t voff, bool clear, void **out);

/* BCC's -e summary under a histogram (cpudist; biolatency has it too):
 * average, total and count of the values, or with json one compact object
 * of them, as BCC's; nothing when nothing was counted. */
void histmap_print_extension(FILE *out, uint64_t total, uint64_t count, const char *unit, bool json);

#endif
