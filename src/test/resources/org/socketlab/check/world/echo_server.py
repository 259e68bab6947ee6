"""An iterative echo server run as `python3 echo_server.py PORT` from its own folder (the user guide's form)."""
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", int(sys.argv[1])))
    server.listen()
    while True:
        conn, _ = server.accept()
        with conn:
            try:
                while data := conn.recv(65536):
                    conn.sendall(data)
            except ConnectionError:
                pass
