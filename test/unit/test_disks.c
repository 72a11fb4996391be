/* core/disks.c: device numbers to names from fixture copies of
 * /sys/class/block and /proc/partitions. */
#include "core/disks.h"
#include "check.h"

#include <errno.h>
#include <string.h>

#define DATA TEST_SOURCE_DIR "/unit/data/disks"

static void check_name(const struct disks *d, unsigned major, unsigned minor, const char *want)
{
	const char *got = disks_name(d, DISK_MKDEV(major, minor));
	if (!want)
		CHECK(!got, "%u:%u: expected no name, got %s", major, minor, got);
	else
		CHECK(got && !strcmp(got, want), "%u:%u: expected %s, got %s", major, minor, want, got ? got : "NULL");
}

int main(void)
{
	struct disks d;
	uint32_t dev = 0;

	/* sysfs first: disks, partitions, and devices without a size (sr0). */
	CHECK(!disks_load(&d, DATA "/block", DATA "/partitions"), "load sysfs fixture");
	CHECK(d.n == 6, "sysfs: 6 devices (a directory without dev is none), got %zu", d.n);
	check_name(&d, 254, 0, "vda");
	check_name(&d, 254, 1, "vda1");
	check_name(&d, 7, 0, "loop0");
	check_name(&d, 259, 0, "nvme0n1");
	check_name(&d, 259, 1, "nvme0n1p1");
	check_name(&d, 11, 0, "sr0");
	check_name(&d, 259, 2, NULL); /* only in partitions: sysfs wins whole */
	check_name(&d, 0, 254, NULL); /* the encoding is major << 20 */
	CHECK(!disks_find(&d, "nvme0n1p1", &dev) && dev == DISK_MKDEV(259, 1), "find nvme0n1p1: %#x", dev);
	CHECK(!disks_find(&d, "/dev/vda", &dev) && dev == (254u << 20), "find /dev/vda: %#x", dev);
	CHECK(disks_find(&d, "vdz", &dev) == -ENODEV, "vdz is no disk");
	CHECK(disks_find(&d, "vd", &dev) == -ENODEV, "a prefix is no disk");
	disks_free(&d);

	/* No sysfs: /proc/partitions, its header skipped, an overlong name
	 * ignored. */
	CHECK(!disks_load(&d, DATA "/nonexistent", DATA "/partitions"), "load partitions fixture");
	CHECK(d.n == 6, "partitions: 6 devices, got %zu", d.n);
	check_name(&d, 254, 1, "vda1");
	check_name(&d, 259, 2, "nvme0n1p2");
	check_name(&d, 8, 16, NULL);
	disks_free(&d);

	CHECK(disks_load(&d, DATA "/nonexistent", DATA "/nonexistent") == -ENOENT, "nothing to read: -ENOENT");
	disks_free(&d);
	/* BCC's -F names: flags before the operation, the last one first. */
	char name[256];
	block_flags_name(1, name, sizeof(name));
	CHECK(!strcmp(name, "Write"), "1: %s", name);
	block_flags_name(1 | 1u << 11, name, sizeof(name));
	CHECK(!strcmp(name, "Sync-Write"), "write|sync: %s", name);
	block_flags_name(0 | 1u << 11 | 1u << 12 | 1u << 19, name, sizeof(name));
	CHECK(!strcmp(name, "ReadAhead-Metadata-Sync-Read"), "read|sync|meta|rahead: %s", name);
	block_flags_name(4, name, sizeof(name));
	CHECK(!strcmp(name, "Unknown"), "op 4: %s", name);
	block_flags_name(9 | 1u << 17, name, sizeof(name));
	CHECK(!strcmp(name, "ForcedUnitAccess-WriteZeros"), "write zeros|fua: %s", name);
	return failures != 0;
}
