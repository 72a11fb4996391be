#include "symbolize/kallsyms.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct kallsyms {
	struct ksym *v;
	size_t n;
	char *text; /* the whole file; names and modules point into it */
	size_t len;
};

static char *slurp(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	/* /proc files have no size: read until EOF. */
	size_t cap = 1 << 20, n = 0;
	char *b = malloc(cap + 1);
	while (b) {
		if (n == cap) {
			char *p = realloc(b, cap * 2 + 1);
			if (!p) {
				free(b);
				b = NULL;
				break;
			}
			b = p;
			cap *= 2;
		}
		ssize_t r = read(fd, b + n, cap - n);
		if (r < 0) {
			free(b);
			b = NULL;
			break;
		}
		if (r == 0)
			break;
		n += r;
	}
	close(fd);
	if (b) {
		b[n] = 0;
		*len = n;
	}
	return b;
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

struct kallsyms *kallsyms_load(const char *path)
{
	struct kallsyms *k = calloc(1, sizeof(*k));
	if (!k)
		return NULL;
	k->text = slurp(path ? path : "/proc/kallsyms", &k->len);
	if (!k->text) {
		free(k);
		return NULL;
	}
	size_t cap = 0;
	for (char *p = k->text, *end = k->text + k->len; p < end;) {
		char *nl = memchr(p, '\n', end - p);
		if (!nl)
			nl = end;
		*nl = 0;
		/* "ffffffff81000000 T _stext" or "... t name\t[module]" */
		uint64_t addr = 0;
		int h;
		char *q = p;
		while ((h = hexval(*q)) >= 0)
			addr = addr << 4 | (uint64_t)h, q++;
		char type = q[0] == ' ' ? q[1] : 0;
		char *name = type && q[2] == ' ' ? q + 3 : NULL;
		bool text = type == 't' || type == 'T' || type == 'w' || type == 'W';
		if (addr && name && *name && text) {
			char *mod = NULL, *tab = strchr(name, '\t');
			if (tab) {
				*tab = 0;
				char *lb = strchr(tab + 1, '[');
				if (lb) {
					mod = lb + 1;
					char *rb = strchr(mod, ']');
					if (rb)
						*rb = 0;
				}
			}
			if (k->n == cap) {
				size_t nc = cap ? cap * 2 : 65536;
				struct ksym *v = realloc(k->v, nc * sizeof(*v));
				if (!v)
					break;
				k->v = v;
				cap = nc;
			}
			k->v[k->n++] = (struct ksym){ addr, name, mod };
		}
		p = nl + 1;
	}
	if (k->n) /* qsort of NULL is undefined, even for 0 items */
		qsort(k->v, k->n, sizeof(*k->v), by_addr);
	return k;
}

void kallsyms_free(struct kallsyms *k)
{
	if (!k)
		return;
	free(k->v);
	free(k->text);
	free(k);
}

const struct ksym *kallsyms_find(const struct kallsyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k ? k->n : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &k->v[lo - 1] : NULL;
}

size_t kallsyms_bytes(const struct kallsyms *k)
{
	return k ? k->len + k->n * sizeof(struct ksym) : 0;
}

size_t kallsyms_count(const struct kallsyms *k)
{
	return k ? k->n : 0;
}
