#include "core/netnames.h"

#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

const char *tcp_state_name(int state)
{
	static const char *const names[] = { NULL,	  "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
					     "FIN_WAIT2", "TIME_WAIT",	 "CLOSE",    "CLOSE_WAIT", "LAST_ACK",
					     "LISTEN",	  "CLOSING",	 "NEW_SYN_RECV" };
	return state > 0 && state < (int)(sizeof(names) / sizeof(names[0])) ? names[state] : NULL;
}

const char *inet_ip_name(int family)
{
	return family == AF_INET ? "4" : family == AF_INET6 ? "6" : NULL;
}

const char *inet_proto_name(int protocol)
{
	switch (protocol) {
	case 0: return "IP";
	case 1: return "ICMP";
	case 2: return "IGMP";
	case 6: return "TCP";
	case 17: return "UDP";
	case 41: return "IPV6";
	case 58: return "ICMPV6";
	case 132: return "SCTP";
	case 136: return "UDPLITE";
	case 255: return "RAW";
	case 262: return "MPTCP";
	}
	return "UNKNOWN";
}

const char *bind_opts_name(int opts)
{
	static char s[6];
	for (int i = 0; i < 5; i++)
		s[i] = opts & (1 << i) ? "FTNRr"[i] : '.';
	return s;
}

const char *errno_text(int ret)
{
	return ret ? strerror(-ret) : "Success";
}
