/* Disk names from device numbers: see core/disks.h. */
#include "core/disks.h"
#include "core/btfproto.h"
#include "core/log.h"
#include "core/tracer.h"

#include <bpf/btf.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

static int add(struct disks *d, unsigned major, unsigned minor, const char *name)
{
	if (!*name || strlen(name) >= sizeof(d->v[0].name))
		return 0; /* no block device name is that long: not a device line */
	struct disk *v = realloc(d->v, (d->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	d->v = v;
	v[d->n].dev = DISK_MKDEV(major, minor);
	snprintf(v[d->n].name, sizeof(v[d->n].name), "%s", name);
	d->n++;
	return 0;
}

int disks_parse_partitions(struct disks *d, FILE *f)
{
	char line[256], name[64];
	unsigned major, minor;
	unsigned long long blocks;
	/* The header line and the blank one after it do not scan. */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %u %llu %63s", &major, &minor, &blocks, name) == 4 && add(d, major, minor, name))
			return -ENOMEM;
	return 0;
}

static int load_sysfs(struct disks *d, const char *dir)
{
	DIR *dp = opendir(dir);
	if (!dp)
		return -errno;
	struct dirent *de;
	int err = 0;
	while (!err && (de = readdir(dp))) {
		if (de->d_name[0] == '.')
			continue;
		char path[512];
		unsigned major, minor;
		snprintf(path, sizeof(path), "%s/%s/dev", dir, de->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%u:%u", &major, &minor) == 2)
			err = add(d, major, minor, de->d_name);
		fclose(f);
	}
	closedir(dp);
	return err;
}

int disks_load(struct disks *d, const char *sysfs_dir, const char *partitions)
{
	d->v = NULL, d->n = 0;
	int err = sysfs_dir ? load_sysfs(d, sysfs_dir) : -ENOENT;
	if (err == -ENOMEM || (!err && d->n))
		return err;
	FILE *f = partitions ? fopen(partitions, "r") : NULL;
	if (!f)
		return err ? err : -errno;
	err = disks_parse_partitions(d, f);
	fclose(f);
	return err;
}

void disks_free(struct disks *d)
{
	free(d->v);
	d->v = NULL, d->n = 0;
}

const char *disks_name(const struct disks *d, uint32_t dev)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].dev == dev)
			return d->v[i].name;
	return NULL;
}

int disks_find(const struct disks *d, const char *name, uint32_t *dev)
{
	if (!strncmp(name, "/dev/", 5))
		name += 5;
	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].name, name)) {
			*dev = d->v[i].dev;
			return 0;
		}
	return -ENODEV;
}

static struct disks sys;
static time_t sys_read;

static void sys_reload(void)
{
	disks_free(&sys);
	if (disks_load(&sys, "/sys/class/block", "/proc/partitions"))
		disks_free(&sys);
	sys_read = time(NULL);
}

const char *disk_name(uint32_t dev, const char *none)
{
	if (!sys_read)
		sys_reload();
	const char *name = disks_name(&sys, dev);
	if (!name && time(NULL) != sys_read) {
		sys_reload();
		name = disks_name(&sys, dev);
	}
	return name ? name : none;
}

int disk_option(const char *name, uint32_t *dev)
{
	if (!name)
		return 0;
	sys_reload();
	if (disks_find(&sys, name, dev)) {
		log_err("no such disk '%s'", name);
		return -ENODEV;
	}
	return 0;
}

void block_flags_name(uint32_t flags, char *buf, size_t len)
{
	/* include/linux/blk_types.h: enum req_op, then enum req_flag_bits
	 * from bit 8 (the same bits from 4.10 to 6.18). */
	static const char *const ops[] = { [0] = "Read",	 [1] = "Write",	    [2] = "Flush",
					   [3] = "Discard",	 [5] = "SecureErase", [6] = "ZoneReset",
					   [7] = "WriteSame", [9] = "WriteZeros" };
	static const struct {
		unsigned bit;
		const char *name;
	} bits[] = { { 11, "Sync" },	  { 12, "Metadata" },	 { 17, "ForcedUnitAccess" }, { 13, "Priority" },
		     { 14, "NoMerge" }, { 15, "Idle" },	   { 19, "ReadAhead" },	     { 20, "Background" },
		     { 21, "NoWait" } };
	unsigned op = flags & 0xff;
	const char *opname = op < sizeof(ops) / sizeof(ops[0]) && ops[op] ? ops[op] : "Unknown";
	/* Each flag goes before what is there, in BCC's order. */
	char tmp[256];
	snprintf(buf, len, "%s", opname);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (flags & (1u << bits[i].bit)) {
			snprintf(tmp, sizeof(tmp), "%s-%s", bits[i].name, buf);
			snprintf(buf, len, "%s", tmp);
		}
}

static bool queue_arg_first(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;
	if (!uname(&u) && sscanf(u.release, "%u.%u", &major, &minor) == 2 && (major > 5 || (major == 5 && minor >= 11)))
		return false;
	/* The tracepoint's prototype: (void *data, q, rq) or (void *data, rq). */
	const struct btf_type *proto = btf_tracepoint_proto("block_rq_issue");
	return proto && btf_vlen(proto) == 3;
}

int block_configure(struct tracer *t, const char *disk)
{
	uint32_t dev = 0;
	int err = disk_option(disk, &dev);
	if (err)
		return err;
	err = tracer_set_rodata(t, "targ_dev", &dev, sizeof(dev));
	bool first = queue_arg_first();
	return err ? err : tracer_set_rodata(t, "blk_queue_arg_first", &first, sizeof(first));
}
