"""A client as Python's documentation writes one, with a connect timeout (which makes the connect non-blocking
underneath: EINPROGRESS, then poll), reading the reply until the server closes."""
import socket
import sys

with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5) as s:
    s.sendall(b"GET\n")
    total = 0
    while True:
        chunk = s.recv(4096)
        if not chunk:
            break
        total += len(chunk)
print(total, "bytes")
