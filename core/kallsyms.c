#include "core/kallsyms.h"

#include "core/log.h"
#include "core/privilege.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int kallsyms_data_addr(const char *const *names, const char *what, unsigned long long *addr)
{
	const char *hidden = priv_kernel_addrs_missing();
	if (hidden) {
		log_err("%s needs kernel addresses from /proc/kallsyms: %s", what, hidden);
		return -EACCES;
	}
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f) {
		int err = -errno;
		log_err("%s: cannot read /proc/kallsyms: %s", what, strerror(-err));
		return err;
	}
	unsigned long long found[8] = { 0 };
	char line[512];
	while (fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &a, &type, name) != 3)
			continue;
		for (int i = 0; names[i] && i < 8; i++)
			if (!found[i] && !strcmp(name, names[i]))
				found[i] = a;
	}
	fclose(f);
	for (int i = 0; names[i] && i < 8; i++)
		if (found[i]) {
			*addr = found[i];
			return 0;
		}
	log_err("%s needs %s, which /proc/kallsyms does not list (the kernel needs CONFIG_KALLSYMS_ALL)", what, names[0]);
	return -ENOENT;
}

int kallsyms_name_at(unsigned long long addr, char *name, size_t len)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f)
		return -errno;
	char line[512];
	int ret = -ENOENT;
	while (ret && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char sym[256];
		if (sscanf(line, "%llx %*c %255s", &a, sym) == 2 && a == addr && addr) {
			snprintf(name, len, "%s", sym);
			ret = 0;
		}
	}
	fclose(f);
	return ret;
}

int kallsyms_addrs(const char *name, unsigned long long *addrs, char (*mods)[64], int max)
{
	if (priv_kernel_addrs_missing())
		return -EACCES;
	FILE *f = fopen("/proc/kallsyms", "re");
	if (!f)
		return -errno;
	char line[512];
	int n = 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char sym[256], mod[64] = "";
		if (sscanf(line, "%llx %*c %255s [%63[^]]]", &a, sym, mod) < 2 || strcmp(sym, name))
			continue;
		addrs[n] = a;
		snprintf(mods[n], sizeof(mods[n]), "%s", mod);
		n++;
	}
	fclose(f);
	return n;
}
