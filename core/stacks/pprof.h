/* A pprof profile (github.com/google/pprof, proto/profile.proto) built as
 * the stacks come, and written gzip'd, as pprof-based viewers read it:
 * strings, functions, mappings and locations shared by id, each encoded
 * once, the first time it is seen. */
#ifndef BPFKIT_CORE_PPROF_H
#define BPFKIT_CORE_PPROF_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pprof;

struct pprof_type {
	const char *type, *unit; /* "cpu", "nanoseconds" */
};

struct pprof_opts {
	struct pprof_type types[2]; /* each sample's values, in this order */
	int ntypes;
	int default_type;	    /* index into types */
	struct pprof_type period_type;
	int64_t period;
	int64_t time_nanos; /* wall clock when collection started */
};

struct pprof_mapping {
	uint64_t start, limit, offset;
	const char *file;
	const uint8_t *build_id; /* as bytes; written in hex, as pprof shows it */
	size_t build_id_len;
	/* Written after the others: pprof takes the first mapping for the
	 * program's own file ("File:" in its reports). */
	bool last;
};

/* One function at a location: inlined ones come first, the function the
 * code is in last. */
struct pprof_line {
	const char *name, *system_name, *file; /* NULL: "" */
	int64_t line;
};

struct pprof_label {
	const char *key, *str; /* str NULL: a number */
	int64_t num;
};

struct pprof *pprof_new(const struct pprof_opts *o);
void pprof_free(struct pprof *p);

/* Ids (> 0), or a negative errno. */
int64_t pprof_mapping(struct pprof *p, const struct pprof_mapping *m);
/* A location already added for (mapping, address), or 0: the caller
 * symbolizes only what is new. */
int64_t pprof_location_find(struct pprof *p, uint64_t mapping, uint64_t addr);
int64_t pprof_location_add(struct pprof *p, uint64_t mapping, uint64_t addr, const struct pprof_line *lines,
			   int nlines);
/* A frame of no mapping that stands for something other than code
 * ("[Missed User Stack]"), one per name. */
int64_t pprof_pseudo_location(struct pprof *p, const char *name);

/* locs: leaf first; values: one per sample type. */
int pprof_sample(struct pprof *p, const uint64_t *locs, int nlocs, const int64_t *values,
		 const struct pprof_label *labels, int nlabels);

/* The profile, encoded and gzip'd, written to fd from where it is;
 * duration_nanos: how long collection ran. */
int pprof_write(struct pprof *p, int fd, int64_t duration_nanos);

#endif
