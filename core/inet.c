#include "core/inet.h"

#include "core/log.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const char *inet_text(int family, const void *addr, char *buf, size_t len)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
	if (family == AF_INET6 && !memcmp(addr, mapped, sizeof(mapped)))
		return inet_ntop(AF_INET, (const uint8_t *)addr + 12, buf, len) ?: "?";
	if ((family != AF_INET && family != AF_INET6) || !inet_ntop(family, addr, buf, len))
		snprintf(buf, len, "?");
	return buf;
}

int inet_version(int family)
{
	return family == AF_INET6 ? 6 : 4;
}

int inet_port_list(const char *arg, const char *what, unsigned short *ports, int max)
{
	int n = 0;
	const char *p = arg;
	while (*p) {
		char *end;
		errno = 0;
		unsigned long v = strtoul(p, &end, 10);
		if (end == p || errno || v == 0 || v > 65535 || (*end && *end != ',') || *p == '-' || *p == '+') {
			log_err("invalid %s '%s': expected port numbers from 1 to 65535, separated by commas", what, arg);
			return -EINVAL;
		}
		if (n == max) {
			log_err("too many %s in '%s': at most %d", what, arg, max);
			return -EINVAL;
		}
		ports[n++] = (unsigned short)v;
		p = *end ? end + 1 : end;
		if (*end && !*p) {
			log_err("invalid %s '%s': a port after the last comma is missing", what, arg);
			return -EINVAL;
		}
	}
	if (n < max)
		ports[n] = 0;
	if (!n) {
		log_err("invalid %s '': expected port numbers", what);
		return -EINVAL;
	}
	return 0;
}

int inet_subnet(const char *s, uint32_t *addr, uint32_t *mask)
{
	char a[INET_ADDRSTRLEN], *end;
	const char *slash = strchr(s, '/');
	if (!slash || (size_t)(slash - s) >= sizeof(a)) {
		log_err("subnet '%s' is invalid: expected ADDRESS/MASK, as 10.0.0.0/8", s);
		return -EINVAL;
	}
	memcpy(a, s, slash - s);
	a[slash - s] = 0;
	errno = 0;
	unsigned long n = strtoul(slash + 1, &end, 10);
	if (inet_pton(AF_INET, a, addr) != 1) {
		log_err("invalid net address in subnet '%s': expected an IPv4 address", s);
		return -EINVAL;
	}
	if (errno || end == slash + 1 || *end || n > 32) {
		log_err("invalid mask in subnet '%s': expected a whole number from 0 to 32", s);
		return -EINVAL;
	}
	*mask = htonl(n ? ~0u << (32 - n) : 0);
	return 0;
}

int inet_subnet_list(char *list, const char **names, uint32_t *addrs, uint32_t *masks, int max)
{
	int n = 0;
	for (char *save, *p = strtok_r(list, ",", &save); p; p = strtok_r(NULL, ",", &save), n++) {
		if (n == max) {
			log_err("more than %d subnets", max);
			return -E2BIG;
		}
		if (inet_subnet(names[n] = p, &addrs[n], &masks[n]))
			return -EINVAL;
		log_debug("subnet %d: %s", n, p);
	}
	return n;
}
