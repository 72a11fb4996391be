/* core/regexp.c's bounds: what would exhaust glibc's regcomp is refused in
 * one line before it is compiled; real patterns still compile. */
#include "core/regexp.h"
#include "test/unit/check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int compile(const char *s, char *err, size_t len)
{
	regex_t re;
	int rc = regexp_compile(&re, s, REG_NOSUB, err, len);
	if (!rc)
		regfree(&re);
	return rc;
}

int main(void)
{
	char err[256], pat[64];
	const char *fine[] = { "vfs_.*", "^(tcp|udp)_(send|recv)msg$", "a+b+c+", "x{1,3}y{2}", "[a-z]+[0-9]{1,4}",
			       "(ab){100}", "a\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+\\+" };
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++)
		CHECK(!compile(fine[i], err, sizeof(err)), "'%s' refused: %s", fine[i], err);

	/* Stacked repetitions: glibc doubles each '+' (2^40 copies of 'a') and
	 * takes minutes over a run of '*'; Python refuses them. */
	memset(pat, '+', 41);
	pat[0] = 'a', pat[41] = 0;
	CHECK(compile(pat, err, sizeof(err)) == -EINVAL && strstr(err, "multiple repeat"), "a+{40}: %s", err);
	memset(pat, '*', 41);
	CHECK(compile(pat, err, sizeof(err)) == -EINVAL && strstr(err, "multiple repeat"), "a*{40}: %s", err);
	CHECK(compile("(ab)*?", err, sizeof(err)) == -EINVAL && strstr(err, "multiple repeat"), "*?: %s", err);
	const char *bombs[] = { "((a{1000}){1000}){1000}", "(x{100}){1000}", "a{30000}b{30000}",
				"((((((((((((((((((((a+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+" };
	for (size_t i = 0; i < sizeof(bombs) / sizeof(bombs[0]); i++)
		CHECK(compile(bombs[i], err, sizeof(err)) == -EINVAL && strstr(err, "repeats too much"),
		      "'%s': %s", bombs[i], err);
	if (!failures)
		printf("regexp: all checks passed\n");
	return failures ? 1 : 0;
}
