#include "core/stacks/flamegraph.h"

#include "core/log.h"
#include "core/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct node {
	char *name;
	uint64_t total;
	struct node **kids;
	int nkids, cap;
	struct node *next; /* while being freed */
};

struct flamegraph {
	struct node root;
	char *title, *count_name;
	int depth;
};

struct flamegraph *flamegraph_new(const char *title, const char *count_name)
{
	struct flamegraph *fg = calloc(1, sizeof(*fg));
	if (!fg)
		return NULL;
	fg->title = strdup(title ? title : "Flame Graph");
	fg->count_name = strdup(count_name ? count_name : "samples");
	fg->root.name = strdup("all");
	return fg;
}

static struct node *child(struct node *n, const char *name, size_t len)
{
	for (int i = 0; i < n->nkids; i++)
		if (strlen(n->kids[i]->name) == len && !memcmp(n->kids[i]->name, name, len))
			return n->kids[i];
	if (n->nkids == n->cap) {
		int cap = n->cap ? n->cap * 2 : 4;
		struct node **k = realloc(n->kids, cap * sizeof(*k));
		if (!k)
			return NULL;
		n->kids = k;
		n->cap = cap;
	}
	struct node *c = calloc(1, sizeof(*c));
	if (!c || !(c->name = strndup(name, len))) {
		free(c);
		return NULL;
	}
	n->kids[n->nkids++] = c;
	return c;
}

int flamegraph_add(struct flamegraph *fg, const char *folded, uint64_t count)
{
	struct node *n = &fg->root;
	int depth = 0;
	n->total += count;
	for (const char *p = folded; *p;) {
		size_t len = strcspn(p, ";");
		if (len) {
			n = child(n, p, len);
			if (!n)
				return -ENOMEM;
			n->total += count;
			depth++;
		}
		p += len;
		if (*p == ';')
			p++;
	}
	if (depth > fg->depth)
		fg->depth = depth;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(struct node *const *)a)->name, (*(struct node *const *)b)->name);
}

static void xml_escape(FILE *out, const char *s, size_t max)
{
	for (size_t i = 0; s[i] && i < max; i++) {
		switch (s[i]) {
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '&': fputs("&amp;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(s[i], out);
		}
	}
}

/* Warm colours, stable per name so the same function looks the same in
 * every graph (flamegraph.pl's "hot" palette, hashed instead of random). */
static void color(const char *name, int *r, int *g, int *b)
{
	uint32_t h = 2166136261u;
	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	*r = 205 + (int)(h % 51);
	*g = (int)((h >> 8) % 230);
	*b = (int)((h >> 16) % 55);
}

enum { WIDTH = 1200, FRAME_H = 16, PAD_TOP = 40, PAD_SIDE = 10, FONT = 12 };

static void emit_frame(FILE *out, struct flamegraph *fg, const struct node *n, double x, double w, int depth,
		       int height)
{
	int y = height - (depth + 1) * FRAME_H - 10;
	int r, g, b;
	color(n->name, &r, &g, &b);
	double pct = fg->root.total ? 100.0 * n->total / fg->root.total : 0;
	fprintf(out, "<g class=\"f\"><title>");
	xml_escape(out, n->name, 4096);
	fprintf(out, " (%llu %s, %.2f%%)</title>", (unsigned long long)n->total, fg->count_name, pct);
	fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"rgb(%d,%d,%d)\" rx=\"2\"/>",
		x, y, w, FRAME_H - 1, r, g, b);
	/* About 7 px per character at this font size. */
	size_t fit = w > 21 ? (size_t)((w - 6) / 7) : 0;
	if (fit >= 3) {
		fprintf(out, "<text x=\"%.1f\" y=\"%d\">", x + 3, y + FRAME_H - 4);
		if (strlen(n->name) <= fit) {
			xml_escape(out, n->name, fit);
		} else {
			xml_escape(out, n->name, fit - 2);
			fputs("..", out);
		}
		fputs("</text>", out);
	}
	fputs("</g>\n", out);
}

struct pending {
	struct node *n;
	double x;
	int depth;
};

/* Every frame, parents before children and siblings by name, from an
 * explicit stack: a stack of 200,000 frames is as deep a tree, more than
 * recursion has room for. */
static int emit(FILE *out, struct flamegraph *fg, double scale, int height)
{
	size_t n = 0, cap = 64;
	struct pending *todo = malloc(cap * sizeof(*todo));
	if (!todo)
		return -ENOMEM;
	todo[n++] = (struct pending){ &fg->root, PAD_SIDE, 0 };
	while (n) {
		struct pending p = todo[--n];
		double w = p.n->total * scale;
		if (w < 0.1)
			continue;
		emit_frame(out, fg, p.n, p.x, w, p.depth, height);
		if (!p.n->nkids)
			continue;
		qsort(p.n->kids, p.n->nkids, sizeof(*p.n->kids), by_name);
		if (n + p.n->nkids > cap) {
			while (n + p.n->nkids > cap)
				cap *= 2;
			struct pending *t = realloc(todo, cap * sizeof(*todo));
			if (!t) {
				free(todo);
				return -ENOMEM;
			}
			todo = t;
		}
		/* Pushed last child first, so the first pops first. */
		double cx = p.x;
		for (int i = 0; i < p.n->nkids; i++) {
			todo[n + p.n->nkids - 1 - i] = (struct pending){ p.n->kids[i], cx, p.depth + 1 };
			cx += p.n->kids[i]->total * scale;
		}
		n += p.n->nkids;
	}
	free(todo);
	return 0;
}

/* Click to zoom: scale the clicked frame's subtree to the full width and
 * hide what is not above or below it; click the background to reset. */
static const char zoom_js[] =
	"<script><![CDATA[\n"
	"var frames=[].slice.call(document.querySelectorAll('g.f'));\n"
	"frames.forEach(function(g){var r=g.querySelector('rect');g.o={x:+r.getAttribute('x'),"
	"w:+r.getAttribute('width')};});\n"
	"function place(g,x,w){var r=g.querySelector('rect'),t=g.querySelector('text');"
	"r.setAttribute('x',x);r.setAttribute('width',w);if(t){t.setAttribute('x',x+3);"
	"t.style.display=w<21?'none':'';}}\n"
	"function zoom(z){var zx=z.o.x,zw=z.o.w,zy=+z.querySelector('rect').getAttribute('y');"
	"var k=(W-2*P)/zw;frames.forEach(function(g){var y=+g.querySelector('rect').getAttribute('y');"
	"var inside=g.o.x>=zx-0.01&&g.o.x+g.o.w<=zx+zw+0.01;var below=y>zy&&g.o.x<=zx+0.01&&"
	"g.o.x+g.o.w>=zx+zw-0.01;if(inside||below){g.style.display='';place(g,inside?P+(g.o.x-zx)*k:P,"
	"inside?g.o.w*k:W-2*P);}else g.style.display='none';});}\n"
	"function reset(){frames.forEach(function(g){g.style.display='';place(g,g.o.x,g.o.w);});}\n"
	"frames.forEach(function(g){g.addEventListener('click',function(e){zoom(g);e.stopPropagation();});});\n"
	"document.querySelector('svg').addEventListener('click',reset);\n"
	"]]></script>\n";

int flamegraph_write(struct flamegraph *fg, FILE *out)
{
	int height = PAD_TOP + (fg->depth + 1) * FRAME_H + 20;
	double scale = fg->root.total ? (double)(WIDTH - 2 * PAD_SIDE) / fg->root.total : 0;
	fprintf(out,
		"<?xml version=\"1.0\" standalone=\"no\"?>\n"
		"<svg version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n"
		"<style>text{font-family:Verdana,sans-serif;font-size:%dpx;fill:#000;pointer-events:none}"
		"g.f:hover rect{stroke:#000;stroke-width:0.5;cursor:pointer}"
		".title{font-size:17px;text-anchor:middle}</style>\n"
		"<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"100%%\" fill=\"#f8f8f8\"/>\n"
		"<text class=\"title\" x=\"%d\" y=\"24\">",
		WIDTH, height, WIDTH, height, FONT, WIDTH / 2);
	xml_escape(out, fg->title, 200);
	fprintf(out, "</text>\n<script>var W=%d,P=%d;</script>\n", WIDTH, PAD_SIDE);
	int err = fg->root.total ? emit(out, fg, scale, height) : 0;
	fputs(zoom_js, out);
	fputs("</svg>\n", out);
	return err ? err : ferror(out) ? -EIO : 0;
}

int flamegraph_output(const char *path)
{
	return outfile_open(path, "flame graph");
}

int flamegraph_write_fd(struct flamegraph *fg, int fd, const char *path)
{
	int err = outfile_rewind(fd);
	FILE *f = err ? NULL : fdopen(fd, "w");
	if (!f) {
		err = err ? err : -errno;
		close(fd);
	} else {
		err = flamegraph_write(fg, f);
		if (fclose(f) && !err)
			err = -errno;
	}
	if (err)
		log_err("cannot write flame graph %s: %s", path, strerror(-err));
	return err;
}

int flamegraph_save(struct flamegraph *fg, const char *path)
{
	int fd = flamegraph_output(path);
	return fd < 0 ? fd : flamegraph_write_fd(fg, fd, path);
}

/* Without recursion, as emit, and without allocating: the nodes still to
 * free form a list through their own next field. */
static void free_tree(struct node *root)
{
	struct node *todo = NULL;
	for (int i = 0; i < root->nkids; i++) {
		root->kids[i]->next = todo;
		todo = root->kids[i];
	}
	while (todo) {
		struct node *n = todo;
		todo = n->next;
		for (int i = 0; i < n->nkids; i++) {
			n->kids[i]->next = todo;
			todo = n->kids[i];
		}
		free(n->kids);
		free(n->name);
		free(n);
	}
	free(root->kids);
	free(root->name);
}

void flamegraph_free(struct flamegraph *fg)
{
	if (!fg)
		return;
	free_tree(&fg->root);
	free(fg->title);
	free(fg->count_name);
	free(fg);
}
