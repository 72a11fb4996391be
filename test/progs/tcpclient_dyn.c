/* tcpclient with libc shared and host names resolved (tcpconnect -d's
 * uprobes are on libc's getaddrinfo()). */
#define TCPCLIENT_RESOLVE 1
#include "tcpclient.c"
