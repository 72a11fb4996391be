#include "core/output.h"

#include <string.h>
#include <time.h>

enum output_mode output_mode;

static struct timespec clock_start;
uint64_t output_event_ns;

static uint64_t ns_of(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ull + (uint64_t)ts->tv_nsec;
}

/* The wall clock now, or at output_event_ns: now less the time since. */
static struct timespec wall_clock(void)
{
	struct timespec real, mono;
	clock_gettime(CLOCK_REALTIME, &real);
	if (!output_event_ns)
		return real;
	clock_gettime(CLOCK_MONOTONIC, &mono);
	uint64_t ago = ns_of(&mono) > output_event_ns ? ns_of(&mono) - output_event_ns : 0;
	uint64_t at = ns_of(&real) - ago;
	return (struct timespec){ .tv_sec = (time_t)(at / 1000000000ull), .tv_nsec = (long)(at % 1000000000ull) };
}

const char *output_hms(char buf[16])
{
	time_t t = wall_clock().tv_sec;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, 16, "%H:%M:%S", &tm);
	return buf;
}

const char *output_hms_ms(char buf[24], bool utc)
{
	struct timespec ts;
	struct tm tm;
	char hms[16];
	ts = wall_clock();
	strftime(hms, sizeof(hms), "%H:%M:%S", utc ? gmtime_r(&ts.tv_sec, &tm) : localtime_r(&ts.tv_sec, &tm));
	snprintf(buf, 24, "%.8s.%03d", hms, (int)(ts.tv_nsec / 1000000));
	return buf;
}

const char *output_zone(char buf[16], bool utc)
{
	time_t now = time(NULL);
	struct tm tm;
	snprintf(buf, 16, "UTC");
	if (!utc && localtime_r(&now, &tm))
		strftime(buf, 16, "%Z", &tm);
	return buf;
}

void output_args_line(const char *buf, size_t size, unsigned count, bool quote, char *out, size_t len)
{
	size_t off = 0;
	unsigned stored = 0;
	out[0] = 0;
	for (size_t i = 0; i < size && off + 8 < len; stored++) {
		const char *a = &buf[i];
		size_t alen = strnlen(a, size - i);
		if (stored)
			out[off++] = ' ';
		if (quote)
			out[off++] = '"';
		for (size_t k = 0; k < alen && off + 4 < len; k++) {
			if (a[k] == '\n') {
				out[off++] = '\\', out[off++] = 'n';
			} else if (quote && a[k] == '"') {
				out[off++] = '\\', out[off++] = '"';
			} else {
				out[off++] = a[k];
			}
		}
		if (quote)
			out[off++] = '"';
		i += alen + 1;
	}
	/* BCC sends its truncation marker as one more argument: -q quotes it. */
	if (count > stored && off + 7 < len)
		off += snprintf(out + off, len - off, "%s%s", stored ? " " : "", quote ? "\"...\"" : "...");
	out[off] = 0;
}

void output_clock_start(void)
{
	clock_gettime(CLOCK_MONOTONIC, &clock_start);
}

double output_elapsed(void)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	uint64_t at = output_event_ns ? output_event_ns : ns_of(&now);
	return ((double)at - (double)ns_of(&clock_start)) / 1e9;
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

const char *output_loadavg(char buf[128])
{
	FILE *f = fopen("/proc/loadavg", "r");
	buf[0] = 0;
	if (f && !fgets(buf, 128, f))
		buf[0] = 0;
	if (f)
		fclose(f);
	return buf;
}

void output_utf8_replaced(FILE *out, const void *data, size_t n)
{
	static const char replacement[] = "\xef\xbf\xbd";
	const unsigned char *s = data;
	for (size_t i = 0; i < n;) {
		unsigned c = s[i];
		unsigned char lo = 0x80, hi = 0xbf;
		size_t len;
		if (c < 0x80) {
			fputc((int)c, out);
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			len = 2;
		} else if (c >= 0xe0 && c <= 0xef) {
			len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
		} else if (c >= 0xf0 && c <= 0xf4) {
			len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
		} else {
			fputs(replacement, out);
			i++;
			continue;
		}
		/* The second byte's range excludes overlong forms and
		 * surrogates, as Python's decoder does. */
		size_t k = 1;
		for (; k < len && i + k < n; k++) {
			unsigned char b = s[i + k];
			if (k == 1 ? b < lo || b > hi : (b & 0xc0) != 0x80)
				break;
		}
		if (k == len)
			fwrite(s + i, 1, len, out);
		else
			fputs(replacement, out);
		i += k;
	}
}
