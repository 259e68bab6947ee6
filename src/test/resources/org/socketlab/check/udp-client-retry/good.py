# UDP client in Python with a timeout and retries. Usage: python3 good.py HOST PORT
import socket
import sys

server = (sys.argv[1], int(sys.argv[2]))
with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
    s.settimeout(0.5)
    for attempt in range(1, 6):
        s.sendto(b"hello", server)
        try:
            data, _ = s.recvfrom(512)
        except socket.timeout:
            continue  # lost: send again
        if data.startswith(b"ACK"):
            print("acknowledged after", attempt, "attempt(s)")
            break
    else:
        sys.exit("no acknowledgement")
