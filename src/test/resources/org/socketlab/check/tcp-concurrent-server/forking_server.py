# Concurrent TCP echo server with Python's socketserver.ForkingTCPServer. Usage: python3 forking.py PORT
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while data := self.request.recv(4096):
                self.request.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            pass


socketserver.ForkingTCPServer.allow_reuse_address = True
with socketserver.ForkingTCPServer(("127.0.0.1", int(sys.argv[1])), Echo) as server:
    server.serve_forever(poll_interval=0.2)
