"""A check target for the benchmarks: answers every GET with 200 "ok". Usage: ok-target.py PORT"""
import sys
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler


class Ok(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Ok).serve_forever()
