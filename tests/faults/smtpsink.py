"""A tiny SMTP server for the fault tests (aiosmtpd is not installed): enough of RFC 5321 for
Django's SMTP backend (smtplib). It keeps every accepted message in memory, and can be told to
refuse: ``mode = "accept"`` takes mail, ``"greeting"`` answers 421 (service not available) on
connect, ``"data"`` answers 451 (try again later) after the message text."""

import email
import email.policy
import socket
import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self):
        server = self.server.sink
        if server.mode == "greeting":
            self.reply("421 4.3.2 Service not available, try again later")
            return
        self.reply("220 sink.test ESMTP")
        envelope = []
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in ("HELO", "EHLO"):
                self.reply("250 sink.test")
            elif verb == "MAIL":
                envelope = []
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while True:
                    data = self.rfile.readline(1 << 20)
                    if not data or data in (b".\r\n", b".\n"):
                        break
                    lines.append(data[1:] if data.startswith(b"..") else data)
                if server.mode == "data":
                    self.reply("451 4.3.0 Mailbox temporarily unavailable")
                else:
                    message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    with server.lock:
                        server.messages.append((list(envelope), message))
                    self.reply("250 OK queued")
            elif verb == "RSET":
                envelope = []
                self.reply("250 OK")
            elif verb == "NOOP":
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPSink:
    def __init__(self, port=0, mode="accept"):
        self.port = port
        self.mode = mode
        self.messages = []
        self.lock = threading.Lock()
        self._server = None

    def start(self):
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def recipients(self):
        with self.lock:
            return [rcpt for envelope, _ in self.messages for rcpt in envelope]


def free_port():
    """A port where nothing listens (the mail server is "down")."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
