/* Flame graphs as SVG, written by bpfkit itself from folded stacks
 * ("root;child;leaf" and a count), so every stack tool can offer
 * --flamegraph FILE.svg with no Perl or external script.  Each frame is a
 * rectangle whose width is its share of the samples; hovering shows the
 * function, the count and the percentage (an SVG <title>), and clicking a
 * frame zooms to it (a few lines of embedded script). */
#ifndef BPFKIT_CORE_FLAMEGRAPH_H
#define BPFKIT_CORE_FLAMEGRAPH_H
#include <stdint.h>
#include <stdio.h>

struct flamegraph;

struct flamegraph *flamegraph_new(const char *title, const char *count_name /* "samples", "us" */);
/* frames: root first, separated by ';' (the folded format). */
int flamegraph_add(struct flamegraph *fg, const char *folded, uint64_t count);
int flamegraph_write(struct flamegraph *fg, FILE *out);
/* Opens path for a graph written later, before tracing starts, so a path
 * that cannot be written fails at once: a final symlink in a
 * world-writable sticky directory is not followed, a file there must be
 * ours, a FIFO must have a reader.  Returns the fd, or -errno after one
 * error line. */
int flamegraph_output(const char *path);
/* Writes the graph to fd (from flamegraph_output, truncated first) and
 * closes it; one error line and -errno on failure. */
int flamegraph_write_fd(struct flamegraph *fg, int fd, const char *path);
/* Both at once. */
int flamegraph_save(struct flamegraph *fg, const char *path);
void flamegraph_free(struct flamegraph *fg);

#endif
