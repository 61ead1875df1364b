#!/usr/bin/python3
# test-mail-tls.py: the spa server's e-mails over STARTTLS and TLS, with a password
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""The spa server against real SMTP servers (python3-aiosmtpd on 127.0.0.1) that speak
TLS with a certificate from a private authority made here with openssl:

1. smtp:// to a server that refuses anything before STARTTLS and takes the password
   only over TLS: the confirmation arrives through the encrypted session, logged in
   with the password from SPA_DESK_SMTP_PASSWORD (never on the command line).
2. smtps:// (TLS from the first byte): the confirmation arrives.
3. The same STARTTLS server without --smtp-ca-file: the certificate is not trusted,
   nothing is sent, and the manager sees why in GET /v1/mail.
4. --smtp-ca-file naming no file: the server refuses to start, with a message.
"""

import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta, timezone

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from spa_test_server import (SERVER, Server, fail, free_port, log, run_main,  # noqa: E402
                             wait_until)

THERAPIST = "7e1a0000-0000-4000-8000-00000000c1a1"
ROOM = "7e1a0000-0000-4000-8000-0000000000c1"
SWEDISH = "5ba0d35c-0000-4000-8000-000000000001"
FROM = "bookings@cedar.example"
PASSWORD = "cedar-mail-secret"


def make_certificates(folder):
    """A private authority and a certificate it signs for 127.0.0.1."""
    def path(name):
        return os.path.join(folder, name)

    def openssl(*args):
        subprocess.run(["openssl"] + list(args), check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"),
            "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=Spa Desk test authority",
            "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"),
            "-out", path("server.csr"), "-subj", "/CN=127.0.0.1")
    with open(path("server.ext"), "w") as ext:
        ext.write("subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                  "extendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"),
            "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("server.pem"),
            "-days", "2", "-extfile", path("server.ext"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(path("server.pem"), path("server.key"))
    return path("ca.pem"), context


class Handler:
    """Keeps each message with whether its session was encrypted and who logged in."""

    def __init__(self):
        self.messages = []          # (recipients, encrypted, logged in)
        self.logins = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == b"mailer" and auth_data.password == PASSWORD.encode()
        self.logins.append((auth_data.login, ok))
        return AuthResult(success=ok)

    async def handle_DATA(self, server, session, envelope):
        # The transport says it for both: STARTTLS and TLS from the first byte.
        encrypted = server.transport.get_extra_info("ssl_object") is not None
        self.messages.append((list(envelope.rcpt_tos), encrypted, session.authenticated))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for m in self.messages if address in m[0]]


class Spa(Server):
    def __init__(self, folder):
        os.makedirs(folder)
        super().__init__(folder)
        self.clients = 0
        self.run("set", "public_url", "https://book.cedar.example")
        self.run("set", "mail_retry_seconds", "1")

    def start(self, smtp, ca_file):
        env = dict(os.environ, SPA_DESK_SMTP_PASSWORD=PASSWORD)
        args = ["--smtp", smtp, "--mail-from", FROM]
        if ca_file:
            args += ["--smtp-ca-file", ca_file]
        super().start(*args, env=env)
        week = {day: [{"start": "00:00", "end": "23:59"}]
                for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        self.upsert("therapist", THERAPIST, {"name": "Claire Dubois", "active": True,
                                             "working_hours": week})
        self.upsert("room", ROOM, {"name": "Cedar room", "active": True})

    def book(self, address):
        """A client with @address and a booking three days ahead, as a desk pushes them."""
        self.clients += 1
        client = "c0000000-0000-4000-8000-%012d" % self.clients
        booking = "b0000000-0000-4000-8000-%012d" % self.clients
        self.upsert("client", client, {"first_name": "Tess", "last_name": "Test",
                                       "email": address})
        starts = datetime.now(timezone.utc).replace(second=0, microsecond=0) + \
            timedelta(days=3, hours=self.clients)
        self.upsert("booking", booking, {
            "client_id": client, "therapist_id": THERAPIST, "service_id": SWEDISH,
            "room_id": ROOM, "starts_at": starts.strftime("%Y-%m-%dT%H:%M:00Z"),
            "ends_at": (starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:00Z"),
            "status": "booked", "source": "desk"})

    def mail(self):
        code, _, body = self.request("GET", "/v1/mail", token=True)
        if code != 200:
            fail("GET /v1/mail: %d %r" % (code, body))
        return json.loads(body)["messages"]


def main():
    folder = tempfile.mkdtemp(prefix="spa-mail-tls-")
    ca_file, tls = make_certificates(folder)
    handler = Handler()
    starttls_port = free_port()
    starttls = Controller(handler, hostname="127.0.0.1", port=starttls_port, tls_context=tls,
                          require_starttls=True, authenticator=handler.authenticate,
                          auth_require_tls=True, auth_exclude_mechanism=["LOGIN"])
    tls_port = free_port()
    # aiosmtpd only knows STARTTLS sessions as encrypted; this one is from the first byte.
    implicit = Controller(handler, hostname="127.0.0.1", port=tls_port, ssl_context=tls,
                          authenticator=handler.authenticate, auth_require_tls=False,
                          auth_exclude_mechanism=["LOGIN"])
    starttls.start()
    implicit.start()
    spa = None
    try:
        # 1. STARTTLS, then the password.
        spa = Spa(os.path.join(folder, "one"))
        spa.start("smtp://mailer@127.0.0.1:%d" % starttls_port, ca_file)
        spa.book("starttls@example.com")
        sent = wait_until(lambda: handler.to("starttls@example.com"), "the STARTTLS message")
        _, encrypted, logged_in = sent[0]
        if not encrypted or not logged_in:
            fail("over STARTTLS: encrypted %r, logged in %r" % (encrypted, logged_in))
        if (b"mailer", True) not in handler.logins:
            fail("the password did not reach the SMTP server: %r" % handler.logins)
        log("smtp:// with STARTTLS and a password from the environment")
        spa.stop()

        # 2. TLS from the start.
        spa = Spa(os.path.join(folder, "two"))
        spa.start("smtps://mailer@127.0.0.1:%d" % tls_port, ca_file)
        spa.book("tls@example.com")
        sent = wait_until(lambda: handler.to("tls@example.com"), "the TLS message")
        if not sent[0][1] or not sent[0][2]:
            fail("smtps://: encrypted %r, logged in %r" % sent[0][1:])
        log("smtps://")
        spa.stop()

        # 3. An authority the server does not trust: nothing sent, the reason kept.
        spa = Spa(os.path.join(folder, "three"))
        spa.start("smtp://mailer@127.0.0.1:%d" % starttls_port, None)
        spa.book("untrusted@example.com")
        tried = wait_until(lambda: [m for m in spa.mail() if m.get("last_error")],
                           "the refused certificate")
        if handler.to("untrusted@example.com") or tried[0]["status"] == "sent":
            fail("a message went to a server whose certificate is not trusted")
        reason = tried[0]["last_error"].lower()
        if "certificate" not in reason and "ssl" not in reason and "tls" not in reason:
            fail("the reason does not say the certificate was refused: %r" % reason)
        log("an untrusted certificate: nothing sent; %s" % tried[0]["last_error"])
        spa.stop()
        spa = None

        # 4. A CA file that is not there stops the server at once.
        four = Spa(os.path.join(folder, "four"))
        result = subprocess.run([SERVER, "--db", four.db, "--listen", "127.0.0.1:0",
                                 "--smtp", "smtp://127.0.0.1:%d" % starttls_port,
                                 "--mail-from", FROM, "--smtp-ca-file",
                                 os.path.join(folder, "missing.pem")],
                                capture_output=True, text=True, timeout=30)
        if result.returncode == 0 or "missing.pem" not in result.stderr:
            fail("a missing CA file: exit %d, %r" % (result.returncode, result.stderr))
        log("a missing CA file is refused at start")
    finally:
        if spa is not None:
            spa.stop()
        starttls.stop()
        implicit.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    run_main(main)
