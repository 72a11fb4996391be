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
/* histmap_read, then the records sorted by cmp: the top and count tables
 * (tcptop, tcpcong, tcpretrans -c). */
int histmap_read_sorted(int fd, size_t ksize, size_t esize, size_t voff, bool clear,
			int (*cmp)(const void *, const void *), void **out);
/* histmap_read into *rowsp, an array of records whose key is the member
 * kf and whose value is vf, the entries then cleared. */
#define HISTMAP_TAKE(fd, rowsp, kf, vf)                                                                    \
	histmap_read(fd, sizeof((*(rowsp))->kf), sizeof(**(rowsp)), offsetof(__typeof__(**(rowsp)), vf), true, \
		     (void **)(rowsp))
/* histmap_read's records, the entries then cleared, each given to print
 * in the map's order, then freed: a tool's own summary of keyed values
 * (futexctn).  Returns the count or -ENOMEM (printed). */
int histmap_each(int fd, size_t ksize, size_t esize, size_t voff, void (*print)(const void *row));
/* histmap_each over records of type T whose key is the member kf and
 * whose value is vf. */
#define HISTMAP_EACH(fd, T, kf, vf, print) \
	histmap_each(fd, sizeof(((T *)0)->kf), sizeof(T), offsetof(T, vf), print)
/* Records (as histmap_read gives them) sorted by value(row), largest
 * first, as the top-style tools order their rows. */
void histmap_sort_largest(void *rows, size_t n, size_t size, uint64_t (*value)(const void *row));

/* BCC's -e summary under a histogram (cpudist; biolatency has it too):
 * average, total and count of the values, or with json one compact object
 * of them, as BCC's; nothing when nothing was counted. */
void histmap_print_extension(FILE *out, uint64_t total, uint64_t count, const char *unit, bool json);

#endif
