"""A server that greets each client and closes, as the first example of many guides: alive after any reset, but
it never echoes what it is sent."""
import socket
import sys

with socket.create_server(("127.0.0.1", int(sys.argv[1]))) as server:
    while True:
        conn, _ = server.accept()
        with conn:
            try:
                conn.sendall(b"Hello, world!\n")
            except OSError:
                pass
