"""A partner's webhook endpoint on this machine, for the tests.

``WebhookReceiver`` is a threaded HTTP server on 127.0.0.1 that counts the
connections it accepts (``connections``), keeps every request it is sent
(``requests``) and answers ``status`` with ``body``, or, for the next requests,
the ``Reply`` objects queued with ``queue``: an error, a redirect, an answer
slower than the client waits, a body far past what the client reads. With
``tls`` (an ``ssl.SSLContext`` holding a certificate) it speaks https.
"""

import collections
import dataclasses
import http.server
import json
import sys
import threading
import time


@dataclasses.dataclass
class Received:
    """One request as the receiver got it."""

    method: str
    path: str
    headers: dict  # names in lower case
    body: bytes
    time: float  # time.monotonic() when it arrived


@dataclasses.dataclass
class Reply:
    """One answer: ``delay`` seconds of silence first, then ``status`` with
    ``headers`` and ``body``; with ``trickle``, one byte every ``trickle``
    seconds, a server slow but never silent for long."""

    status: int = 200
    body: bytes = b"ok"
    headers: dict = dataclasses.field(default_factory=dict)
    delay: float = 0.0
    trickle: float = 0.0


class WebhookReceiver:
    """Listens on 127.0.0.1, ``port``; ``url(path)`` is where to post."""

    def __init__(self, *, tls=None):
        self.requests = []
        self.connections = 0  # accepted, whether a request came or not
        self.status = 200
        self.body = b"ok"
        self.replies = collections.deque()
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.receiver = self
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )
        self.thread.start()

    def url(self, path="/hook", host="127.0.0.1"):
        return f"{self.scheme}://{host}:{self.port}{path}"

    def queue(self, *replies):
        """Answer the next requests with ``replies``, in order."""
        with self.lock:
            self.replies.extend(replies)

    def next_reply(self):
        with self.lock:
            if self.replies:
                return self.replies.popleft()
        return Reply(self.status, self.body)

    def close(self):
        self.stopping.set()  # cuts short the replies still waiting
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def verify_request(self, request, client_address):
        self.receiver.connections += 1
        return True

    def handle_error(self, request, client_address):
        """A client that hung up before the answer was written is what the
        tests do on purpose; anything else still shows."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a client that connects and says nothing

    def handle_any(self):
        receiver = self.server.receiver
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        receiver.requests.append(
            Received(
                method=self.command,
                path=self.path,
                headers={name.lower(): value for name, value in self.headers.items()},
                body=body,
                time=time.monotonic(),
            )
        )
        reply = receiver.next_reply()
        if reply.delay and receiver.stopping.wait(reply.delay):
            return
        if reply.trickle:
            self.trickle(reply)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(reply.body)
        self.close_connection = True

    def trickle(self, reply):
        head = f"HTTP/1.1 {reply.status} Answer\r\nContent-Length: {len(reply.body)}"
        for byte in f"{head}\r\n\r\n".encode() + reply.body:
            self.wfile.write(bytes([byte]))
            if self.server.receiver.stopping.wait(reply.trickle):
                return
        self.close_connection = True

    do_POST = do_GET = do_PUT = do_HEAD = handle_any

    def log_message(self, format, *args):
        pass


def received(receiver, endpoint):
    """The bodies ``receiver`` got, each checked with the spec's library
    against ``endpoint``'s secret."""
    from standardwebhooks.webhooks import Webhook

    bodies = []
    for request in receiver.requests:
        Webhook(endpoint.secret).verify(request.body, request.headers)
        bodies.append(json.loads(request.body))
    return bodies
