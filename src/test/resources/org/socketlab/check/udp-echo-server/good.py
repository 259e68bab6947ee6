# UDP echo server in Python. Usage: python3 good.py PORT
import socket
import sys

with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.bind(("127.0.0.1", int(sys.argv[1])))
    while True:
        data, sender = s.recvfrom(65536)
        s.sendto(data, sender)
