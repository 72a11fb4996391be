#include "core/output.h"

#include <string.h>
#include <time.h>

enum output_mode output_mode;

static struct timespec clock_start;

const char *output_hms(char buf[16])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 16, "%H:%M:%S", &tm);
	return buf;
}

void output_clock_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &clock_start);
}

double output_elapsed(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - clock_start.tv_sec) + (now.tv_nsec - clock_start.tv_nsec) / 1e9;
}

const char *output_comm_of(int pid, char buf[32])
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	FILE *f = fopen(path, "r");
	if (!f || !fgets(buf, 32, f)) {
		if (f)
			fclose(f);
		return "[unknown]";
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

int output_pid_width(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "r");
	char buf[32];
	int width = f && fgets(buf, sizeof(buf), f) ? (int)strcspn(buf, "\n") + 1 : 6;
	if (f)
		fclose(f);
	return width;
}
