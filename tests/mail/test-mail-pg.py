#!/usr/bin/python3
# test-mail-pg.py: two server processes on one PostgreSQL sending one mail queue
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""
Two spa-desk-server processes on the PostgreSQL database build-aux/pg-run started, both
with --smtp pointing at python3-aiosmtpd on 127.0.0.1, bookings pushed by a desk to
either. Checked, with each message parsed back by Python's email package:

1. Each booking's confirmation reaches its client exactly once, whichever process took
   the push and whichever sent it (both poll the one queue: a claim is SKIP LOCKED).
2. A process that starts while another is sending leaves that send alone (recovery only
   takes claims whose owner is gone or whose lease ended): the message stays sending,
   then sent. The sender killed with -9 mid-send: the other process marks its message
   interrupted, and it is not sent again.
3. Reminders: both processes restarted 29 hours later (libfaketime) scan the bookings
   (from their working copies) against the queue (in PostgreSQL) at the same time:
   every booking now within 24 hours gets exactly one reminder, none twice, and GET
   /v1/mail from either process lists each once, sent at the first attempt.
"""

import importlib.util
import os
import time

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("mail_test", os.path.join(HERE, "test-mail.py"))
mail_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mail_test)

from aiosmtpd.controller import Controller  # noqa: E402

from spa_test_server import fail, free_port, log, run_main, wait_until  # noqa: E402

THERAPIST, ROOM = mail_test.THERAPIST, mail_test.ROOM
BOOKINGS = 12


class PgSpa(mail_test.Spa):
    """One server process on the test's PostgreSQL database."""

    def __init__(self, smtp_port, token=None):
        self.db = os.environ["SPA_TEST_PG"]
        self.smtp_port = smtp_port
        self.token = token or self.run("add-user", "maria", "--role", "manager").strip()
        self.process = None
        self.url = None
        self.mutation = 0
        self.versions = {}
        for key, value in (("spa_name", mail_test.SPA),
                           ("public_url", "https://book.cedar.example"),
                           ("mail_retry_seconds", "1")):
            self.run("set", key, value)


    pushed = 0   # one desk pushing to either process: its mutation ids only grow

    def push(self, entity, id, fields, op="upsert"):
        self.mutation = PgSpa.pushed
        result = super().push(entity, id, fields, op)
        PgSpa.pushed = self.mutation
        return result


def received(handler, address, subject_start):
    return [m for m in handler.to(address) if m["Subject"].startswith(subject_start)]


def main():
    if not os.environ.get("SPA_TEST_PG"):
        fail("no PostgreSQL: run under build-aux/pg-run")
    handler = mail_test.Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    a = PgSpa(port)
    b = PgSpa(port, token=a.token)
    try:
        a.start()
        b.start()
        week = {day: [{"start": "00:00", "end": "23:59"}]
                for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
        a.upsert("therapist", THERAPIST, {"name": "Claire Dubois", "active": True,
                                          "working_hours": week})
        a.upsert("room", ROOM, {"name": "Cedar room", "active": True})

        # 1. Bookings 30 hours ahead, pushed to one process or the other.
        desk = mail_test.Desk(a)
        addresses = []
        for i in range(BOOKINGS):
            desk.spa = (a, b)[i % 2]
            address = "client%02d@example.com" % i
            client = desk.client("Client%02d" % i, address)
            desk.booking(client, 30 + 2 * i)
            addresses.append(address)
        confirmation = "Your booking at "
        wait_until(lambda: all(received(handler, x, confirmation) for x in addresses),
                   "every confirmation")
        time.sleep(6)   # a scheduler round or more on both
        for address in addresses:
            if len(received(handler, address, confirmation)) != 1:
                fail("%s got %d confirmations" % (address,
                                                  len(received(handler, address, confirmation))))
        log("%d confirmations, each once, from two processes" % BOOKINGS)

        # 2. A send held by the SMTP server, B stopped: A claims it.
        b.stop()
        handler.hold.add("held@example.com")
        desk.spa = a
        held = desk.client("Held", "held@example.com")
        held_booking, _ = desk.booking(held, 60)
        if not handler.held.wait(40):
            fail("the held message never reached the SMTP server")
        # B starts (start-up recovery) and schedules (its recovery each round): A is
        # alive, its send is left alone.
        b.start()
        time.sleep(7)
        states = {m["booking_id"]: m for m in b.mail() if m["kind"] == "confirmation"}
        if states[held_booking]["status"] != "sending":
            fail("another process's send was recovered: %r" % states[held_booking])
        # A is killed mid-send: its claim's owner is gone, B marks it interrupted.
        a.stop(kill=True)
        handler.release.set()

        def interrupted():
            states = {m["booking_id"]: m for m in b.mail() if m["kind"] == "confirmation"}
            return states[held_booking]["status"] == "interrupted"

        wait_until(interrupted, "the killed process's send marked interrupted", seconds=30)
        time.sleep(3)
        if len(handler.to("held@example.com")) != 1:
            fail("the interrupted message was sent %d times" % len(handler.to("held@example.com")))
        log("a live process's send left alone; a killed one's marked interrupted, not resent")

        # 3. 29 hours later, both at once: the bookings are 1 to 23 hours away (the
        # held one 31: no reminder yet).
        b.stop()
        a.start(fake_offset="+29h")
        b.start(fake_offset="+29h")
        reminder = "Reminder: your booking at "
        wait_until(lambda: all(received(handler, x, reminder) for x in addresses),
                   "every reminder", seconds=60)
        time.sleep(12)   # two scheduler rounds or more on both
        for address in addresses + ["held@example.com"]:
            count = len(received(handler, address, reminder))
            if count != (0 if address == "held@example.com" else 1):
                fail("%s got %d reminders" % (address, count))
        for spa in (a, b):
            reminders = [m for m in spa.mail() if m["kind"] == "reminder"]
            if len(reminders) != BOOKINGS or \
                    any(m["status"] != "sent" or m["attempts"] != 1 for m in reminders):
                fail("the queue's reminders: %r" % reminders)
        log("%d reminders from two processes, each once" % BOOKINGS)
    finally:
        a.stop()
        b.stop()
        controller.stop()


if __name__ == "__main__":
    run_main(main)
