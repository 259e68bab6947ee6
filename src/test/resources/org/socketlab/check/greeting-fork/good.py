# Greets each client from a child process (socketserver.ForkingTCPServer) and closes. Usage: python3 good.py PORT
import socketserver
import sys


class Greet(socketserver.BaseRequestHandler):
    def handle(self):
        self.request.sendall(b"hello from the server\n")


socketserver.ForkingTCPServer.allow_reuse_address = True
with socketserver.ForkingTCPServer(("127.0.0.1", int(sys.argv[1])), Greet) as server:
    server.serve_forever(poll_interval=0.2)
