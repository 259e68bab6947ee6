# TCP echo server with Python's socketserver (one client after another). Usage: python3 socketserver.py PORT
import socketserver
import sys


class Echo(socketserver.BaseRequestHandler):
    def handle(self):
        try:
            while data := self.request.recv(4096):
                self.request.sendall(data)
        except (ConnectionResetError, BrokenPipeError):
            pass


socketserver.TCPServer.allow_reuse_address = True
with socketserver.TCPServer(("127.0.0.1", int(sys.argv[1])), Echo) as server:
    server.serve_forever()
