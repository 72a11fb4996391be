/* bpfkit features: what this kernel offers a tracer, with the reason for
 * every "no", so a failing tool's message can be checked by hand. */
#include "core/args.h"
#include "core/features.h"
#include "core/tool.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>


static int features_main(int argc, char **argv)
{
	struct utsname u;
	if (tool_parse_plain("features", argc, argv))
		return 2;
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
	    .builtin = 1,
	    .groups = TOOL_GROUPS_HELP, .doc =
		"Probe the kernel's tracing mechanisms and print, for each, yes or no with the reason.\v"
		"BPFKIT_DISABLE=name,... makes bpfkit treat features as absent.\n"
		"Examples:\n"
		"  bpfkit features\n"
		"  BPFKIT_DISABLE=tp_btf,ringbuf bpfkit features");
