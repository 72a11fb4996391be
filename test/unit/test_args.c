/* core/args.c's list parsers: what a repeated option leaves behind. */
#include "core/args.h"
#include "test/unit/check.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>

static long interval_value;

static error_t parse_interval(int key, char *arg, struct argp_state *state)
{
	if (key != 'i')
		return key == ARGP_KEY_ARG ? EINVAL : ARGP_ERR_UNKNOWN;
	interval_value = strtol(arg, NULL, 10);
	return 0;
}

/* A negative number is refused as an argument (runqlat -1 5), but not as
 * the value of an option that takes one (biolatpcts -i -1). */
static void negative_values(void)
{
	static const struct argp_option opts[] = { { "interval", 'i', "N", 0, "", 0 }, { "json", 'j', NULL, 0, "", 0 }, { 0 } };
	const struct argp argp = { opts, parse_interval, NULL, NULL, NULL, NULL, NULL };
	char *ok1[] = { "t", "-i", "-1", NULL }, *ok2[] = { "t", "--interval", "-2", NULL };
	char *bad1[] = { "t", "-1", NULL }, *bad2[] = { "t", "-j", "-1", NULL }, *bad3[] = { "t", "--interval=1", "-5", NULL };
	CHECK(!args_parse_flags(&argp, 3, ok1, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL) && interval_value == -1, "-i -1: %ld",
	      interval_value);
	CHECK(!args_parse_flags(&argp, 3, ok2, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL) && interval_value == -2,
	      "--interval -2: %ld", interval_value);
	CHECK(args_parse_flags(&argp, 2, bad1, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL) == -EINVAL, "-1 alone refused");
	CHECK(args_parse_flags(&argp, 3, bad2, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL) == -EINVAL, "-j -1 refused");
	CHECK(args_parse_flags(&argp, 3, bad3, ARGP_NO_EXIT | ARGP_NO_ERRS, NULL) == -EINVAL, "--interval=1 -5 refused");
}

int main(void)
{
	negative_values();
	int sigs[8];
	/* `-s 1,2,3 -s 9`: the second list is the whole of it. */
	CHECK(args_signal_list("1,2,3", sigs, 8) == 3, "three signals");
	CHECK(args_signal_list("KILL", sigs, 8) == 1, "one signal");
	CHECK(sigs[0] == SIGKILL && sigs[1] == 0 && sigs[2] == 0 && sigs[7] == 0,
	      "after -s 1,2,3 -s KILL: %d %d %d ... %d", sigs[0], sigs[1], sigs[2], sigs[7]);
	CHECK(args_signal_list("TERM,SIGUSR1,2", sigs, 8) == 3 && sigs[0] == SIGTERM && sigs[1] == SIGUSR1 &&
		      sigs[2] == 2 && sigs[3] == 0,
	      "names and numbers: %d %d %d %d", sigs[0], sigs[1], sigs[2], sigs[3]);
	CHECK(args_signal_list("1,2,3,4,5,6,7,8,9", sigs, 8) < 0, "more than 8 refused");
	CHECK(args_signal_list("1,,2", sigs, 8) < 0, "an empty item refused");
	if (!failures)
		printf("args: all checks passed\n");
	return failures ? 1 : 0;
}
