#!/usr/bin/python3
# test-mail.py: the server's e-mails against a real SMTP server (aiosmtpd)
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""
spa-desk-server with --smtp pointing at python3-aiosmtpd on 127.0.0.1, bookings pushed
by a desk. Checked, with each message parsed back by Python's email package:

1. A confirmation per booking: headers (From with the spa's name, To, Subject, Date,
   Message-ID), multipart text + HTML, the client's language (French for a client whose
   language is fr), the manage link, and the iCalendar attachment (METHOD:REQUEST, the
   booking's UID and times). Nothing for a client who opted out.
2. Retry: an address the SMTP server refuses with 451 twice is sent on the third try;
   a 550 is given up at once, with the reason in GET /v1/mail (a manager's token).
3. A cancellation sends METHOD:CANCEL with the same UID; an edit sends nothing more.
4. kill -9 while the SMTP server holds a message's DATA: after the restart that
   message is not sent again (it is "interrupted" in /v1/mail), and a message still
   queued at the kill is sent once.
5. Reminders: the server restarted 7 hours later (libfaketime) sends the reminder of a
   booking now 23 hours away, once, with its link; none to a client who opted out. The
   link's page confirms the booking (POST .../confirm), and a desk's pull has it
   confirmed.
"""

import asyncio
import contextlib
import email
import email.policy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone

from aiosmtpd.controller import Controller

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from spa_test_server import Server, fail, free_port, log, run_main, wait_until  # noqa: E402

FAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"
THERAPIST = "7e1a0000-0000-4000-8000-00000000c1a1"
ROOM = "7e1a0000-0000-4000-8000-0000000000c1"
SWEDISH = "5ba0d35c-0000-4000-8000-000000000001"
FROM = "bookings@cedar.example"
SPA = "Cedar & Stone Spa"


class Handler:
    """An SMTP server that keeps what it is given, refuses some addresses as told,
    and can hold a message's DATA without answering."""

    def __init__(self):
        self.messages = []          # (recipients, parsed message)
        self.refusals = {}          # address → list of replies to RCPT, then accepted
        self.hold = set()           # addresses whose DATA waits for release
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        plan = self.refusals.get(address)
        if plan:
            # A 5xx is for good; a 4xx is given once each.
            return plan[0] if plan[0].startswith("5") else plan.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        if set(envelope.rcpt_tos) & self.hold:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for (rcpt, m) in self.messages if address in rcpt]


class Spa(Server):
    """The server sending through the test's SMTP server."""

    def __init__(self, folder, smtp_port):
        super().__init__(folder)
        self.smtp_port = smtp_port
        for key, value in (("spa_name", SPA), ("public_url", "https://book.cedar.example"),
                           ("mail_retry_seconds", "1")):
            self.run("set", key, value)

    def start(self, fake_offset=None):
        env = dict(os.environ)
        if fake_offset:
            env.update(LD_PRELOAD=FAKETIME, FAKETIME=fake_offset, FAKETIME_DONT_FAKE_MONOTONIC="1",
                       FAKETIME_NO_CACHE="1")
            # A sanitizer build's server wants its runtime first; libfaketime only wraps
            # time calls.
            env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                         "verify_asan_link_order=0"]))
        super().start("--smtp", "smtp://127.0.0.1:%d" % self.smtp_port, "--mail-from", FROM,
                      env=env)

    def mail(self, status=None):
        code, _, body = self.request("GET", "/v1/mail" + ("?status=" + status if status else ""),
                                     token=True)
        if code != 200:
            fail("GET /v1/mail: %d %r" % (code, body))
        return json.loads(body)["messages"]


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:00Z")


class Desk:
    """Clients and bookings as a desk pushes them."""

    def __init__(self, spa):
        self.spa = spa
        self.n = 0
        self.now = datetime.now(timezone.utc).replace(second=0, microsecond=0)

    def client(self, name, address, **fields):
        self.n += 1
        id = "c0000000-0000-4000-8000-%012d" % self.n
        self.spa.upsert("client", id, dict({"first_name": name, "last_name": "Test",
                                            "email": address}, **fields))
        return id

    def booking(self, client, hours_ahead):
        self.n += 1
        id = "b0000000-0000-4000-8000-%012d" % self.n
        starts = self.now + timedelta(hours=hours_ahead)
        self.spa.upsert("booking", id, {
            "client_id": client, "therapist_id": THERAPIST, "service_id": SWEDISH,
            "room_id": ROOM, "starts_at": iso(starts), "ends_at": iso(starts + timedelta(hours=1)),
            "status": "booked", "source": "desk", "notes": "lower back, sciatica"})
        return id, starts


def parts(message):
    """(text, html, calendar part) of a confirmation-shaped message."""
    if message.get_content_type() != "multipart/mixed":
        fail("not multipart/mixed: " + message.get_content_type())
    alternative, calendar = message.get_payload()
    if alternative.get_content_type() != "multipart/alternative":
        fail("the first part is " + alternative.get_content_type())
    text, html = alternative.get_payload()
    if (text.get_content_type(), html.get_content_type()) != ("text/plain", "text/html"):
        fail("the alternatives are %s, %s" % (text.get_content_type(), html.get_content_type()))
    if calendar.get_content_type() != "text/calendar" or \
            calendar.get_filename() != "booking.ics":
        fail("the attachment is %s %s" % (calendar.get_content_type(), calendar.get_filename()))
    return text.get_content(), html.get_content(), calendar


def ical(calendar_part):
    text = re.sub(r"\r\n[ \t]", "", calendar_part.get_content())
    if "\r\n" not in text:
        fail("the iCalendar lines do not end in CRLF")
    fields = {}
    for line in text.split("\r\n"):
        name, _, value = line.partition(":")
        fields.setdefault(name.split(";")[0], value)
    return text, fields


def check_booking_mail(message, booking, starts, method, subject, words):
    text, html, calendar = parts(message)
    if message["Subject"] != subject:
        fail("subject %r, expected %r" % (message["Subject"], subject))
    if message["From"].addresses[0].display_name != SPA or \
            message["From"].addresses[0].addr_spec != FROM:
        fail("From is %r" % message["From"])
    for header in ("Date", "Message-ID", "To"):
        if not message[header]:
            fail("no %s header" % header)
    for word in words:
        if word not in text or word not in html:
            fail("%r is not in both the text and the HTML:\n%s\n%s" % (word, text, html))
    if "sciatica" in text or "sciatica" in calendar.get_content():
        fail("a clinical note in an e-mail")
    if calendar.get_param("method") != method:
        fail("the attachment's method is %r" % calendar.get_param("method"))
    whole, fields = ical(calendar)
    if fields.get("METHOD") != method or fields.get("UID") != booking + "@spa-desk":
        fail("the calendar is %r" % fields)
    if fields.get("DTSTART") != starts.strftime("%Y%m%dT%H%M00Z"):
        fail("DTSTART %r for %s" % (fields.get("DTSTART"), starts))
    if "ORGANIZER" not in fields or "ATTENDEE" not in fields:
        fail("no organizer or attendee in %s" % whole)
    return text, html, fields


def shoot(url, name, size="720,640"):
    """With SPA_BROWSER_SHOTS set (a folder), the page at @url as headless Chromium
    shows it, NAME.png there, to look at."""
    folder = os.environ.get("SPA_BROWSER_SHOTS")
    if not folder:
        return
    os.makedirs(folder, exist_ok=True)
    subprocess.run(["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=" + size,
                    "--screenshot=" + os.path.join(folder, name + ".png"), url],
                   check=True, capture_output=True, timeout=120)
    log("screenshot %s/%s.png" % (folder, name))


def shoot_html(message, name):
    """The message's HTML part as a mail program shows it (shoot())."""
    if not os.environ.get("SPA_BROWSER_SHOTS"):
        return
    html = message.get_body(preferencelist=("html",)).get_content()
    with tempfile.TemporaryDirectory() as scratch:
        page = os.path.join(scratch, name + ".html")
        with open(page, "w") as out:
            out.write(html)
        shoot("file://" + page, name)


@contextlib.contextmanager
def mail_spa(prefix, hours=("08:00", "20:00"), settings=()):
    """An SMTP sink and a spa server that sends to it, with Claire working @hours every
    day and a room; yields (spa, handler, desk), then stops both and removes the folder
    (kept with SPA_KEEP set). @settings are (name, value) pairs set before the start."""
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    folder = tempfile.mkdtemp(prefix=prefix)
    spa = Spa(folder, port)
    try:
        for name, value in settings:
            spa.run("set", name, value)
        spa.start()
        week = {day: [{"start": hours[0], "end": hours[1]}]
                for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        spa.upsert("therapist", THERAPIST, {"name": "Claire Dubois", "active": True,
                                            "working_hours": week})
        spa.upsert("room", ROOM, {"name": "Cedar room", "active": True})
        yield spa, handler, Desk(spa)
    finally:
        spa.stop()
        controller.stop()
        if not os.environ.get("SPA_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


def main():
    with mail_spa("spa-mail-", settings=[("thank_you_hours", "2")]) as (spa, handler, desk):
        elodie = desk.client("Élodie", "elodie@example.com", language="fr")
        sam = desk.client("Sam", "sam@example.com", language="en")
        quiet = desk.client("Quinn", "quiet@example.com", reminder_opt_in=False)
        handler.refusals["later@example.com"] = ["451 4.3.0 Try again later"] * 2
        handler.refusals["bad@example.com"] = ["550 5.1.1 No such user here"]
        later = desk.client("Lee", "later@example.com")
        bad = desk.client("Bo", "bad@example.com")

        b_elodie, s_elodie = desk.booking(elodie, 72)
        b_sam, s_sam = desk.booking(sam, 74)
        desk.booking(quiet, 76)
        b_later, s_later = desk.booking(later, 78)
        desk.booking(bad, 80)

        # 1. Confirmations, in the client's language.
        wait_until(lambda: handler.to("elodie@example.com") and handler.to("sam@example.com"),
                   "the confirmations")
        text, _, _ = check_booking_mail(
            handler.to("elodie@example.com")[0], b_elodie, s_elodie, "REQUEST",
            "Votre rendez-vous chez " + SPA,
            ["Bonjour Élodie,", "Claire Dubois", "https://book.cedar.example/book/manage/"])
        if handler.to("elodie@example.com")[0]["Content-Language"] != "fr":
            fail("the French message is not marked fr")
        check_booking_mail(handler.to("sam@example.com")[0], b_sam, s_sam, "REQUEST",
                           "Your booking at " + SPA,
                           ["Hello Sam,", "Swedish massage", "open your booking:",
                            "fill in your health form here:",
                            "https://book.cedar.example/book/intake/"])
        log("confirmations: French and English, parsed back")

        # Booked online from a French browser: the new client's e-mail is in French.
        day = (desk.now + timedelta(days=5)).strftime("%Y-%m-%d")
        status, _, body = spa.request(
            "GET", "/v1/public/availability?service_id=%s&from=%s&days=1" % (SWEDISH, day))
        slot = json.loads(body)["slots"][0] if status == 200 and json.loads(body)["slots"] \
            else fail("no slot online: %d %r" % (status, body))
        status, _, body = spa.request("POST", "/v1/public/bookings", {
            "service_id": SWEDISH, "starts_at": slot["starts_at"], "therapist_id": None,
            "client": {"first_name": "Amélie", "last_name": "Roy", "email": "amelie@example.com"},
            "note": "", "idempotency_key": "mail-test-online-1"},
            headers={"Accept-Language": "fr-CA,fr;q=0.9,en;q=0.5"})
        if status != 201:
            fail("online booking: %d %r" % (status, body))
        wait_until(lambda: handler.to("amelie@example.com"), "the online confirmation")
        online = handler.to("amelie@example.com")[0]
        page_intake = json.loads(body)["intake_url"]
        text, _, _ = check_booking_mail(
            online, json.loads(body)["booking_id"],
            datetime.strptime(slot["starts_at"], "%Y-%m-%dT%H:%M:%SZ"),
            "REQUEST", "Votre rendez-vous chez " + SPA,
            ["Bonjour Amélie,", "https://book.cedar.example/book/intake/"])
        log("an online booking's confirmation, in the browser's French")

        # The e-mail's intake link and the confirmation page's open one intake: once it
        # is sent through the page, the e-mail's link says the spa has it.
        mailed = re.search(r"https://book\.cedar\.example/book/intake/([\w-]{43})", text)
        if mailed is None or page_intake.endswith(mailed.group(1)):
            fail("the e-mail has no intake link of its own:\n" + text)
        api = "/v1/public/intake/" + mailed.group(1)
        status, _, body = spa.request("GET", api)
        if status != 200 or json.loads(body)["intake_received"]:
            fail("the mailed intake link: %d %r" % (status, body))
        form = {"reason": "Stiff shoulders", "pressure": "medium", "consent": True,
                "consent_name": "Amélie Roy"}
        status, _, body = spa.request("POST", "/v1/public/intake/" +
                                      page_intake.rsplit("/", 1)[1], form)
        if status != 201:
            fail("the intake through the page's link: %d %r" % (status, body))
        status, _, body = spa.request("GET", api)
        if status != 200 or not json.loads(body)["intake_received"]:
            fail("the mailed link does not know the intake was sent: %d %r" % (status, body))
        status, _, body = spa.request("POST", api, form)
        if status != 409 or json.loads(body)["error"] != "already_received":
            fail("a second intake through the mailed link: %d %r" % (status, body))
        log("the e-mail's intake link shares the booking's one intake")

        # 2. Retried after 451s; given up at a 550 with the reason kept.
        wait_until(lambda: handler.to("later@example.com"), "the retried message")
        check_booking_mail(handler.to("later@example.com")[0], b_later, s_later, "REQUEST",
                           "Your booking at " + SPA, ["Hello Lee,"])
        failed = wait_until(lambda: spa.mail("failed"), "the permanent failure")
        if [m["recipient"] for m in failed] != ["bad@example.com"] or \
                "550" not in failed[0]["last_error"]:
            fail("failed messages: %r" % failed)
        sent = {m["recipient"]: m for m in spa.mail("sent")}
        if sent["later@example.com"]["attempts"] != 3 or sent["sam@example.com"]["attempts"] != 1:
            fail("attempts: %r" % sent)
        # The subject as the client read it, for the manager's list of failed mail.
        if failed[0]["subject"] != "Your booking at " + SPA or \
                sent["elodie@example.com"]["subject"] != "Votre rendez-vous chez " + SPA:
            fail("subjects in the list: %r, %r" % (failed[0]["subject"],
                                                   sent["elodie@example.com"]["subject"]))
        if handler.to("quiet@example.com") or "quiet@example.com" in \
                [m["recipient"] for m in spa.mail()]:
            fail("a message to a client who opted out")
        log("retry after 451, given up at 550, nothing to the opted-out client")

        # 3. A cancellation: METHOD:CANCEL, same UID. An edit sends nothing.
        spa.upsert("booking", b_elodie, {"notes": "prefers the Cedar room"})
        spa.upsert("booking", b_sam, {"status": "cancelled"})
        wait_until(lambda: len(handler.to("sam@example.com")) == 2, "the cancellation")
        _, _, fields = check_booking_mail(handler.to("sam@example.com")[1], b_sam, s_sam,
                                          "CANCEL", "Your booking at %s is cancelled" % SPA,
                                          ["Hello Sam,"])
        if fields.get("STATUS") != "CANCELLED":
            fail("the cancellation's status is %r" % fields.get("STATUS"))
        time.sleep(2)
        if len(handler.to("elodie@example.com")) != 1:
            fail("an edit sent another confirmation")
        log("cancellation sent as METHOD:CANCEL")

        # A desk that deletes a booking (rather than cancelling it) sends a cancellation too.
        spa.delete("booking", b_elodie)
        wait_until(lambda: len(handler.to("elodie@example.com")) == 2, "the deletion's notice")
        _, _, fields = check_booking_mail(handler.to("elodie@example.com")[1], b_elodie,
                                          s_elodie, "CANCEL", "Votre rendez-vous chez %s est "
                                          "annulé" % SPA, ["Bonjour Élodie,"])
        if fields.get("STATUS") != "CANCELLED":
            fail("the deletion's notice has status %r" % fields.get("STATUS"))
        log("a deleted booking's cancellation, in French")

        # A thank-you two hours after a completed visit, with a link to book the same
        # treatment and therapist again; none before then, none for an old visit.
        for name, address, ended_hours_ago, status in (
                ("Tess", "tess@example.com", 3, "completed"),
                ("Ned", "ned@example.com", 1, "completed"),
                ("Olga", "olga@example.com", 10 * 24, "completed"),
                ("Nora", "noshow@example.com", 3, "no_show")):
            client = desk.client(name, address)
            desk.n += 1
            ends = desk.now - timedelta(hours=ended_hours_ago)
            spa.upsert("booking", "b0000000-0000-4000-8000-%012d" % desk.n, {
                "client_id": client, "therapist_id": THERAPIST, "service_id": SWEDISH,
                "room_id": ROOM, "starts_at": iso(ends - timedelta(hours=1)),
                "ends_at": iso(ends), "status": status, "source": "desk"})
        wait_until(lambda: handler.to("tess@example.com"), "the thank-you")
        thanks = handler.to("tess@example.com")[0]
        if thanks["Subject"] != "Thank you for your visit to " + SPA:
            fail("the thank-you's subject is %r" % thanks["Subject"])
        if thanks.get_content_type() != "multipart/alternative":
            fail("a thank-you is %s (no booking to attach)" % thanks.get_content_type())
        text = thanks.get_payload()[0].get_content()
        rebook = "https://book.cedar.example/book?service=%s&therapist=%s&lang=en" % (
            SWEDISH, THERAPIST)
        if rebook not in text or "sciatica" in text:
            fail("the thank-you's text:\n" + text)
        page = spa.request("GET", rebook[len("https://book.cedar.example"):])
        # It opens the times of the same therapist, ready to choose one.
        if page[0] != 200 or "therapist=%s&amp;starts=" % THERAPIST not in page[2].decode():
            fail("the rebooking link: %d\n%s" % (page[0], page[2].decode()))
        time.sleep(6)
        for address in ("ned@example.com", "olga@example.com", "noshow@example.com"):
            if handler.to(address):
                fail("a thank-you to " + address)
        if len(handler.to("tess@example.com")) != 1:
            fail("two thank-yous")
        log("a thank-you after a completed visit, with its rebooking link")

        # 4. kill -9 while the SMTP server holds one message's DATA, another queued.
        handler.hold.add("slow@example.com")
        slow = desk.client("Sol", "slow@example.com")
        desk.booking(slow, 90)
        wait_until(handler.held.is_set, "the held message")
        queued = desk.client("Kim", "queued@example.com")
        desk.booking(queued, 92)
        spa.stop(kill=True)
        handler.release.set()
        spa.start()
        wait_until(lambda: handler.to("queued@example.com"), "the queued message after restart")
        time.sleep(3)
        if len(handler.to("slow@example.com")) != 1 or len(handler.to("queued@example.com")) != 1:
            fail("after kill -9: %d to slow, %d to queued" % (
                len(handler.to("slow@example.com")), len(handler.to("queued@example.com"))))
        states = {m["recipient"]: m["status"] for m in spa.mail()}
        if states["slow@example.com"] != "interrupted" or states["queued@example.com"] != "sent":
            fail("after kill -9 the queue says %r" % states)
        log("kill -9: nothing sent twice, nothing queued lost")

        # 5. Reminders: 30 hours ahead now, 23 hours ahead seven hours later.
        remind = desk.client("Rae", "remind@example.com")
        b_remind, s_remind = desk.booking(remind, 30)
        desk.booking(quiet, 31.5)
        wait_until(lambda: handler.to("remind@example.com"), "the confirmation")
        time.sleep(6)
        if len(handler.to("remind@example.com")) != 1:
            fail("a reminder 30 hours before")
        spa.stop()
        spa.start(fake_offset="+7h")
        wait_until(lambda: len(handler.to("remind@example.com")) == 2, "the reminder")
        text, _, _ = check_booking_mail(handler.to("remind@example.com")[1], b_remind, s_remind,
                                        "REQUEST", "Reminder: your booking at " + SPA,
                                        ["Hello Rae,", "Please confirm that you are coming",
                                         "https://book.cedar.example/book/manage/"])
        shoot_html(handler.to("remind@example.com")[1], "reminder-email")
        # Its link confirms the booking, and a desk's next pull has it confirmed.
        path = re.search(r"https://book\.cedar\.example(/book/manage/([\w-]{43}))", text)
        page = spa.request("GET", path.group(1))[2].decode()
        if 'id="confirm"' not in page:
            fail("the manage page has no confirm button")
        api = "/v1/public/bookings/" + path.group(2)
        status, _, body = spa.request("POST", api + "/confirm", {})
        if status != 200 or json.loads(spa.request("GET", api)[2])["status"] != "confirmed":
            fail("confirming through the link: %d %r" % (status, body))
        if 'id="confirmed"' not in spa.request("GET", path.group(1))[2].decode():
            fail("the manage page does not say it is confirmed")
        status, _, body = spa.request("GET", "/v1/sync/pull?since=0&limit=1000", token=True)
        pulled = [c["record"] for c in json.loads(body)["changes"]
                  if c["entity"] == "booking" and c["record"]["id"] == b_remind]
        if status != 200 or not pulled or pulled[-1]["status"] != "confirmed":
            fail("the desk pulls the booking as %r" % pulled)
        log("the reminder's link confirmed the booking; a desk's pull has it")
        spa.stop()
        spa.start(fake_offset="+8h")
        time.sleep(7)
        if len(handler.to("remind@example.com")) != 2 or handler.to("quiet@example.com"):
            fail("reminders: %d to remind, %d to quiet" % (
                len(handler.to("remind@example.com")), len(handler.to("quiet@example.com"))))
        log("reminder sent once, 23 hours before")


if __name__ == "__main__":
    run_main(main)
