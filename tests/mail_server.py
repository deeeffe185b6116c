"""A real SMTP server on 127.0.0.1 (aiosmtpd) that tests send to and read back from.

It can also misbehave on purpose: answer a temporary (4xx) or permanent (5xx) error to the
Nth message or to given recipients, so retries and dead letters are tested against the real
SMTP conversation Django's backend has with a server.
"""

import email
import email.policy
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps what it accepted, refuses what the test asked it to."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.refuse_recipients = {}  # address -> SMTP reply, e.g. "550 5.1.1 Unknown user"
        self.data_replies = {}  # 1-based number of the DATA command -> SMTP reply
        self.data_commands = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse_recipients:
            return self.refuse_recipients[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.data_commands += 1
            reply = self.data_replies.get(self.data_commands)
            if reply:
                return reply
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append(message)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self):
        self.handler = Recorder()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def stop(self):
        """Stop listening (a test may do it to simulate an outage; the fixture again after)."""
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def settings_for(self, settings):
        """Point Django's SMTP backend at this server (plain SMTP, short timeout)."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_TIMEOUT = 5


def text_and_html(message):
    """The plain-text and HTML bodies of a received multipart/alternative message."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html
