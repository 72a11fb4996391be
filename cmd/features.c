/* bpfkit features: what this kernel offers a tracer, with the reason for
 * every "no", so a failing tool's message can be checked by hand. */
#include "core/features.h"
#include "core/tool.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static int features_main(int argc, char **argv)
{
	struct utsname u;
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("Usage: bpfkit features\nProbe the kernel's tracing mechanisms and print, for each, "
		       "yes or no with the reason.\nBPFKIT_DISABLE=name,... makes bpfkit treat features as absent.\n");
		return 0;
	}
	uname(&u);
	printf("kernel             %s %s\n", u.release, u.machine);
	for (int f = 0; f < FEAT__COUNT; f++) {
		bool yes = feature_has(f);
		printf("%-18s %-4s %s\n", feature_name(f), yes ? "yes" : "no", feature_reason(f));
	}
	return 0;
}

BPFKIT_TOOL(features, .name = "features", .category = "bpfkit",
	    .summary = "Show which tracing mechanisms this kernel has, and why not", .main = features_main,
	    .builtin = 1);
