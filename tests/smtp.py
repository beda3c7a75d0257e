"""A mail server on this machine for the tests: it speaks enough SMTP for
Django's SMTP backend and keeps every message it is given."""

import socketserver
import threading


class LocalSmtpServer:
    """Listens on 127.0.0.1 (``port``); ``messages`` are the mails received,
    as text."""

    def __init__(self):
        self.messages = []
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self.server.daemon_threads = True
        self.server.messages = self.messages
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        self.reply("220 localhost ready")
        data = None
        for line in self.rfile:
            if data is not None:  # the message, up to a line with one dot
                if line.rstrip(b"\r\n") == b".":
                    self.server.messages.append(b"".join(data).decode())
                    data = None
                    self.reply("250 accepted")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            if command == b"DATA":
                data = []
                self.reply("354 go ahead")
            elif command == b"QUIT":
                self.reply("221 bye")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                self.reply("250 localhost")
