/* C++ and Rust names as written in source, with a bounded cache: a stack
 * tool asks for the same few thousand names over and over.
 *
 * C++ goes through the toolchain's own Itanium ABI demangler
 * (__cxa_demangle, from GCC's libsupc++), as BCC and eu-addr2line do, so
 * names come out byte for byte as theirs.  libiberty's cplus_demangle
 * could do both languages, but its newer copy of the same code prints some
 * names differently (6 of 74,759 in libLLVM, libclang-cpp and libstdc++:
 * "(std::declval<T>)()" for "std::declval<T>()").
 *
 * Rust goes through GNU libiberty's rust_demangle, both manglings: legacy
 * (_ZN...17h<hash>E, which __cxa_demangle turns into
 * "a::Point$LT$T$GT$::sum::h3c3b4c7791b63414") and v0 (_R..., which it
 * refuses).  Without DMGL_VERBOSE it prints rustc-demangle's alternate
 * form, "{:#}", the one Rust's own backtraces show: no legacy hash, no v0
 * crate disambiguator ("<a::Point<u32>>::sum"), so a frame keeps its name
 * across rebuilds and folded stacks of two builds line up. */
#include "symbolize/demangle.h"

#include <libiberty/demangle.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

char *__cxa_demangle(const char *mangled, char *buf, size_t *len, int *status);

#define SLOTS 4096 /* power of two */

struct slot {
	char *mangled, *plain;
};

struct demangler {
	struct slot s[SLOTS];
	/* Replaced entries live until demangler_release(): names handed out
	 * for one address must not vanish while its other frames resolve. */
	char **old;
	size_t nold, capold;
};

static void retire(struct demangler *d, char *p)
{
	if (!p)
		return;
	if (d->nold == d->capold) {
		size_t nc = d->capold ? d->capold * 2 : 16;
		char **v = realloc(d->old, nc * sizeof(*v));
		if (!v) {
			/* Leaking beats a dangling name. */
			return;
		}
		d->old = v;
		d->capold = nc;
	}
	d->old[d->nold++] = p;
}

void demangler_release(struct demangler *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nold; i++)
		free(d->old[i]);
	d->nold = 0;
}

struct demangler *demangler_new(void)
{
	return calloc(1, sizeof(struct demangler));
}

void demangler_free(struct demangler *d)
{
	if (!d)
		return;
	for (int i = 0; i < SLOTS; i++) {
		free(d->s[i].mangled);
		free(d->s[i].plain);
	}
	demangler_release(d);
	free(d->old);
	free(d);
}

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* Legacy Rust names are valid Itanium ones, so Rust is asked first: it
 * takes a _ZN name only when it ends in the 17h<16 hex digits>E hash. */
static char *demangle_uncached(const char *name)
{
	char *plain = rust_demangle(name, DMGL_PARAMS | DMGL_ANSI);
	if (plain || name[1] == 'R')
		return plain;
	int status = 0;
	plain = __cxa_demangle(name, NULL, NULL, &status);
	if (status) {
		free(plain);
		plain = NULL;
	}
	return plain;
}

const char *demangle(struct demangler *d, const char *name)
{
	if (!d || !name || name[0] != '_' || (name[1] != 'Z' && name[1] != 'R'))
		return name;
	/* Direct-mapped: a collision just replaces the older entry. */
	struct slot *sl = &d->s[hash(name) & (SLOTS - 1)];
	if (sl->mangled && !strcmp(sl->mangled, name))
		return sl->plain ? sl->plain : name;
	char *plain = demangle_uncached(name);
	retire(d, sl->mangled);
	retire(d, sl->plain);
	sl->mangled = strdup(name);
	sl->plain = plain;
	if (!sl->mangled) {
		free(plain);
		sl->plain = NULL;
		return name;
	}
	return plain ? plain : name;
}
