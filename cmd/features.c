/* bpfkit features: what this kernel offers a tracer, with the reason for
 * every "no", so a failing tool's message can be checked by hand. */
#include "core/args.h"
#include "core/features.h"
#include "core/tool.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

static const struct argp_child children[] = ARGS_CHILDREN_HELP;

static const struct argp argp = {
	NULL, args_no_arguments, NULL,
	"Probe the kernel's tracing mechanisms and print, for each, yes or no with the reason.\v"
	"BPFKIT_DISABLE=name,... makes bpfkit treat features as absent.\n"
	"Examples:\n"
	"  bpfkit features\n"
	"  BPFKIT_DISABLE=tp_btf,ringbuf bpfkit features",
	children,
};

static int features_main(int argc, char **argv)
{
	struct utsname u;
	if (args_parse(&argp, argc, argv, NULL))
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
	    .builtin = 1);
