/* core/inet.c: addresses as the network tools print them, and BCC's port
 * lists (-P 80,443), bad ones refused. */
#include "core/inet.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "test/unit/check.h"

int main(void)
{
	char buf[INET_TEXT];
	unsigned char v4[16] = { 192, 168, 0, 1 }, v6[16] = { 0xfd, 0x42, [15] = 2 },
		      mapped[16] = { [10] = 0xff, 0xff, 127, 0, 0, 1 };
	CHECK(!strcmp(inet_text(AF_INET, v4, buf, sizeof(buf)), "192.168.0.1"), "v4: %s", buf);
	CHECK(!strcmp(inet_text(AF_INET6, v6, buf, sizeof(buf)), "fd42::2"), "v6: %s", buf);
	CHECK(!strcmp(inet_text(AF_INET6, mapped, buf, sizeof(buf)), "127.0.0.1"), "mapped: %s", buf);
	CHECK(!strcmp(inet_text(0, v4, buf, sizeof(buf)), "?"), "no family: %s", buf);
	CHECK(inet_version(AF_INET6) == 6 && inet_version(AF_INET) == 4, "versions");

	unsigned short ports[4];
	CHECK(!inet_port_list("80,443", "port", ports, 4) && ports[0] == 80 && ports[1] == 443 && !ports[2],
	      "80,443");
	CHECK(!inet_port_list("65535", "port", ports, 4) && ports[0] == 65535 && !ports[1], "65535");
	static const char *const bad[] = { "", "0", "65536", "80,", ",80", "8o", "-1", "+80", "1,2,3,4,5", "80,,81" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(inet_port_list(bad[i], "port", ports, 4) == -EINVAL, "'%s' refused", bad[i]);

	if (failures)
		printf("%d failures\n", failures);
	else
		printf("inet: addresses and port lists as expected\n");
	return failures != 0;
}
