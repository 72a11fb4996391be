/* libFuzzer target for the trace and argdist spec parser: each input is
 * one spec, parsed by both grammars and, as a location, by the counting
 * tools' with globs and with -r (a regex, compiled within core/regexp.c's
 * bounds); a spec that parses is freed, one that does not
 * must say why in its message.  Built and run by test/fuzz/run.sh
 * (the san tier). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "core/compiler/tracespec.h"
#include "core/pattern.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *spec = malloc(size + 1);
	if (!spec)
		return 0;
	memcpy(spec, data, size);
	spec[size] = 0;
	char err[256];
	struct ts_probe p;
	for (int grammar = 0; grammar < 2; grammar++) {
		memset(&p, 0, sizeof(p));
		err[0] = 0;
		int r = grammar ? tracespec_parse_argdist(spec, &p, err, sizeof(err))
				: tracespec_parse_trace(spec, &p, err, sizeof(err));
		if (r == 0) {
			tracespec_is_return(&p);
			if (p.format)
				tracespec_format_args(p.format, err, sizeof(err));
			tracespec_free(&p);
		} else if (!err[0]) {
			abort(); /* a refusal with no message */
		}
	}
	for (int regex = 0; regex < 2; regex++) {
		struct pattern pat;
		err[0] = 0;
		if (pattern_parse(spec, regex, &pat, err, sizeof(err)) == 0)
			pattern_free(&pat);
		else if (!err[0])
			abort();
	}
	tracespec_format_args(spec, err, sizeof(err));
	free(spec);
	return 0;
}
