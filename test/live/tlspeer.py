# The TLS peer sslsniff's test talks to (Debian's python3.11, whose ssl
# module calls OpenSSL's SSL_do_handshake, SSL_read_ex and SSL_write_ex).
#   server CERT KEY CONNS: on 127.0.0.1, an ephemeral port ("port N" when
#     listening); per connection reads one line L, answers "pong L" (and
#     with L "big", 10000 bytes of "x" after it), says "served L", closes.
#   nss TEXT: TEXT through NSPR's PR_Write into /dev/null (libnspr4 by
#     ctypes), after a line on stdin.
import socket
import ssl
import sys


def server(cert, key, conns):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("127.0.0.1", 0))
    srv.listen(4)
    srv.settimeout(30)
    print("port", srv.getsockname()[1], flush=True)
    for _ in range(conns):
        conn, _ = srv.accept()
        conn.settimeout(30)
        with ctx.wrap_socket(conn, server_side=True) as s:
            line = b""
            while not line.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                line += chunk
            s.sendall(b"pong " + line)
            if line == b"big\n":
                s.sendall(b"x" * 10000)
            print("served", line.decode().strip(), flush=True)


def nss(text):
    import ctypes

    nspr = ctypes.CDLL("libnspr4.so")
    nspr.PR_Open.restype = ctypes.c_void_p
    nspr.PR_Open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int]
    nspr.PR_Write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    nspr.PR_Close.argtypes = [ctypes.c_void_p]
    fd = nspr.PR_Open(b"/dev/null", 0x02, 0)  # PR_WRONLY
    if not fd:
        sys.exit("PR_Open failed")
    print("ready", flush=True)
    sys.stdin.readline()
    data = text.encode()
    print("wrote", nspr.PR_Write(fd, data, len(data)), flush=True)
    nspr.PR_Close(fd)


if sys.argv[1] == "server":
    server(sys.argv[2], sys.argv[3], int(sys.argv[4]))
else:
    nss(sys.argv[2])
