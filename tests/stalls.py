"""Database servers that stop answering, on this machine, for the tests of
``core.db``: nothing is mocked, psycopg2 talks to real sockets."""

import socket
import threading


class HungServer:
    """A socket that accepts connections and never answers (a hung database
    or mail server); ``accepted`` counts the connections it holds."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0), backlog=16)
        self.port = self.socket.getsockname()[1]
        self.held = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def accepted(self):
        return len(self.held)

    def close(self):
        self.socket.close()
        for connection, _address in self.held:
            connection.close()

    def _accept(self):
        while True:
            try:
                self.held.append(self.socket.accept())
            except OSError:
                return


class StallingProxy:
    """A TCP proxy to ``target`` (host, port) that, once ``stall()`` is called,
    passes nothing more either way and keeps every connection open: a
    database server that hangs while the site holds connections to it."""

    def __init__(self, target):
        self.target = target
        self.stalled = threading.Event()
        self.held = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def stall(self):
        self.stalled.set()

    def _accept(self):
        while True:
            try:
                client, _address = self.server.accept()
            except OSError:
                return
            if self.stalled.is_set():
                self.held.append(client)
                continue
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(source, sink), daemon=True
                ).start()

    def _pipe(self, source, sink):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not self.stalled.is_set():
                sink.sendall(data)
