# TCP client in Python: sends a request, reads the whole reply. Usage: python3 good.py HOST PORT
import socket
import sys

with socket.create_connection((sys.argv[1], int(sys.argv[2]))) as s:
    s.sendall(b"GET everything\n")
    s.shutdown(socket.SHUT_WR)
    total = 0
    while True:
        data = s.recv(65536)
        if not data:
            break
        total += len(data)
print("reply:", total, "bytes")
