"""An upper-casing TCP server in the style of Python's socketserver documentation: one recv per connection, the
data stripped and sent back in capitals. Not an echo server: the bytes it returns differ."""
import socketserver
import sys


class UpperHandler(socketserver.BaseRequestHandler):
    def handle(self):
        data = self.request.recv(1024).strip()
        self.request.sendall(data.upper())


if __name__ == "__main__":
    with socketserver.TCPServer(("127.0.0.1", int(sys.argv[1])), UpperHandler) as server:
        server.serve_forever()
