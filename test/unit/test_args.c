/* core/args.c's list parsers: what a repeated option leaves behind. */
#include "core/args.h"
#include "test/unit/check.h"

#include <signal.h>

int main(void)
{
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
