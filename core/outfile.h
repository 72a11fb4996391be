/* Files the tools write once they are done (flame graphs, pprof profiles),
 * opened before tracing starts so a path that cannot be written fails at
 * once. */
#ifndef BPFKIT_CORE_OUTFILE_H
#define BPFKIT_CORE_OUTFILE_H

/* Opens path for writing later: a final symlink in a world-writable sticky
 * directory is not followed, a file there must be ours, a FIFO must have a
 * reader; the file is not truncated yet, so a run that fails leaves what
 * was there.  Returns the fd, or -errno after one line "cannot write WHAT
 * PATH: why". */
int outfile_open(const char *path, const char *what);
/* Empties a regular file opened so, before it is written. */
int outfile_rewind(int fd);

#endif
