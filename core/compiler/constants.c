#include "core/compiler/constants.h"

#include "core/compiler/ctypes.h"

#include "core/constants.h"

#include <errno.h>

int constant_value(const char *name, struct ct_source *btf, int64_t *value)
{
	if (!constant_lookup(name, false, value))
		return 0;
	return btf ? ct_enum_value(btf, name, value) : -ENOENT;
}
