"""Reference servers for the serve benchmark: the least a standard-library JSON echo costs.

Default mode: ThreadingHTTPServer, HTTP/1.1 keep-alive, TCP_NODELAY, response written in one
send -- the same transport choices as the runner, minus the runner's request/response contract.
--naive: the textbook BaseHTTPRequestHandler (keep-alive, Nagle on, headers and body in two
sends), to show the delayed-ACK stall the runner avoids.

Both parse the JSON body and serialise it again, the work the runner's echo handler implies.
Prints "PORT <n>" once listening on 127.0.0.1.
"""

import http.server
import json
import socket
import sys


class Baseline(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        http.server.BaseHTTPRequestHandler.setup(self)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        out = json.dumps(json.loads(body), separators=(",", ":")).encode("utf-8")
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(out)
        ).encode("latin-1")
        self.wfile.write(head + out)

    def log_message(self, *args):
        pass


class Naive(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        out = json.dumps(json.loads(body), separators=(",", ":")).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


def main():
    handler = Naive if "--naive" in sys.argv[1:] else Baseline
    server = Server(("127.0.0.1", 0), handler)
    print("PORT %d" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
