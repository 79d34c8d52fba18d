"""A local SMTP server for the mail tests: it accepts every message and keeps it.

Small and hand-written because aiosmtpd, the usual choice, imports a top-level module
named `public`, which is this project's reader-facing app.
"""

import email
import socketserver
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    message: email.message.Message


@dataclass
class SmtpSink:
    port: int
    received: list[Received] = field(default_factory=list)


class _Session(socketserver.StreamRequestHandler):
    """Just enough of RFC 5321 for smtplib: greeting, EHLO/HELO, MAIL, RCPT, DATA,
    RSET, NOOP, QUIT."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ready")
        sender, recipients = "", []
        for raw in self.rfile:
            command = raw.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                sender, recipients = command.split(":", 1)[1].strip(" <>"), []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.sink.received.append(
                    Received(sender, recipients, self._read_message())
                )
                self.reply("250 Message accepted")
            elif verb in ("RSET", "NOOP"):
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _read_message(self) -> email.message.Message:
        lines = []
        for raw in self.rfile:
            if raw in (b".\r\n", b".\n"):
                break
            # A line starting with a dot was sent with one more (dot-stuffing).
            lines.append(raw[1:] if raw.startswith(b"..") else raw)
        return email.message_from_bytes(b"".join(lines))


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def start_sink() -> tuple[SmtpSink, _Server]:
    server = _Server(("127.0.0.1", 0), _Session)
    server.sink = SmtpSink(port=server.server_address[1])
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.sink, server
