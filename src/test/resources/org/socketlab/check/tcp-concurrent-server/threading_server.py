# Concurrent TCP echo server with Python's socketserver.ThreadingTCPServer. Usage: python3 forking.py PORT
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while data := self.request.recv(4096):
                self.request.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            pass


socketserver.ThreadingTCPServer.allow_reuse_address = True
with socketserver.ThreadingTCPServer(("127.0.0.1", int(sys.argv[1])), Echo) as server:
    server.serve_forever()
