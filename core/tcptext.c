#include "core/tcptext.h"

#include "core/inet.h"
#include "core/output.h"

#include <arpa/inet.h>
#include <bpf/bpf.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "probes/lib/dns.h"

const char *tcptext_join(int family, const void *addr, unsigned port, char *buf, size_t len)
{
	char a[INET_TEXT];
	snprintf(buf, len, "%s:%u", inet_text(family, addr, a, sizeof(a)), port);
	return buf;
}

/* The family of a column's address (0 where the field cannot hold it). */
static int col_family(const struct record_column *c, const unsigned char *r)
{
	unsigned family = c->family_size == 1 ? r[c->family_off]
			  : c->family_size == 2 ? *(const uint16_t *)(r + c->family_off)
						: *(const uint32_t *)(r + c->family_off);
	return (family == AF_INET6 && c->size < 16) || c->size < 4 ? 0 : (int)family;
}

void tcptext_addr_port(const struct record_column *c, const void *rec, size_t size)
{
	const unsigned char *r = rec;
	int family = col_family(c, r);
	unsigned port = *(const uint16_t *)(r + c->port_off);
	if (output_mode == OUTPUT_JSON) {
		char a[INET_TEXT];
		rec_str(c->key, NULL, inet_text((int)family, r + c->off, a, sizeof(a)));
		rec_u64(c->port_key, NULL, port);
		return;
	}
	char buf[INET_TEXT + 8];
	rec_col_str(c, tcptext_join((int)family, r + c->off, port, buf, sizeof(buf)));
}

/* BCC's QUERY of a connect with no name: localhost for loopback. */
static const char *no_query(int family, const void *addr)
{
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	bool lo = family == AF_INET6 ? !memcmp(addr, v6_loopback, 16) : !memcmp(addr, "\x7f\0\0\x01", 4);
	return lo ? "localhost" : "No DNS Query";
}

const char *tcptext_dns_query(int fd, int family, const void *addr, unsigned long long ts_us, char *buf, size_t len)
{
	struct dns_addr k = { .family = (__u16)family };
	struct dns_name n;
	unsigned char numeric[16];
	memcpy(k.addr, addr, family == AF_INET6 ? 16 : 4);
	if (fd < 0 || bpf_map_lookup_elem(fd, &k, &n))
		return no_query(family, addr);
	n.name[sizeof(n.name) - 1] = 0;
	/* A literal address asked no DNS server: BCC, reading the replies,
	 * never sees it. */
	if (inet_pton(AF_INET, n.name, numeric) == 1 || inet_pton(AF_INET6, n.name, numeric) == 1)
		return no_query(family, addr);
	double ms = ((double)ts_us * 1000 - (double)n.ts_ns) / 1e6;
	if (ms > 100)
		snprintf(buf, len, "%s (%.3fms)", n.name, ms);
	else
		snprintf(buf, len, "%s", n.name);
	return buf;
}

void tcptext_addr_bracketed(const struct record_column *c, const void *rec, size_t size)
{
	const unsigned char *r = rec;
	int family = col_family(c, r);
	char a[INET_TEXT], b[INET_TEXT + 2];
	inet_text(family, r + c->off, a, sizeof(a));
	if (family == AF_INET6 && output_mode != OUTPUT_JSON && strchr(a, ':')) {
		snprintf(b, sizeof(b), "[%s]", a);
		rec_col_str(c, b);
	} else {
		rec_col_str(c, a);
	}
}

const char *tcp_flags_text(unsigned flags, char *buf, size_t len)
{
	static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR" };
	size_t off = 0;
	buf[0] = 0;
	for (unsigned i = 0; i < 8; i++)
		if (flags & (1u << i))
			off += snprintf(buf + off, off < len ? len - off : 0, "%s%s", off ? "|" : "", names[i]);
	return buf;
}

void tcptext_state_flags(const struct record_column *c, int state, unsigned flags)
{
	char names[64], buf[96];
	const char *name = tcp_state_name(state) ?: "?";
	tcp_flags_text(flags, names, sizeof(names));
	if (output_mode == OUTPUT_JSON) {
		rec_str("state", NULL, name);
		rec_str("flags", NULL, names);
		return;
	}
	snprintf(buf, sizeof(buf), "%s (%s)", name, names);
	rec_col_str(c, buf);
}
