#!/usr/bin/python3
# test-waitlist-offers.py: a cancelled booking's time offered to the waitlist by e-mail
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""
spa-desk-server with --smtp pointing at python3-aiosmtpd on 127.0.0.1, records pushed
by a desk. Three rounds, each: a booking three days ahead, two clients waiting for a
time like it and one whose last day has passed; the desk cancels the booking.

1. The two matching clients each get an offer (subject, their name, a secret link
   under the public address); the third and one who opted out of e-mail get nothing.
   The two entries, as a desk pulls them, are offered that time, the others still
   wait. The link's page shows the time and a "Take This Time" form; an unknown link
   is 404.
2. Both links are POSTed at the same moment (two threads released together): exactly
   one answers 200 "the time is yours", the other 409 "already taken"; the server has
   exactly one active booking at that time, for the winner, and the winner's waitlist
   entry is booked with its id (and the offered time) while the other's waits again.
3. The winner gets the booking's confirmation, the other a "has been taken" message;
   posting either link again changes nothing.

Then offers nobody takes (play_lapses): a time offered to one client and booked on the
desk meanwhile puts the entry back to waiting and the link says it is taken; a time
offered to two, left alone until the server, restarted 30 hours later (libfaketime),
sees it has begun: the entry whose last day is still ahead waits again, the one whose
last day was that day has expired, both as the desks pull them, and the link says the
time has gone. An entry waiting, never offered, whose last day has passed (each
round's third client; one whose last day was the day before the restart) ends expired
as the desks pull it.
"""

import importlib.util
import json
import os
import re
import threading
import urllib.error
import urllib.request
from datetime import timedelta

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("mail_test", os.path.join(HERE, "test-mail.py"))
mail_test = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mail_test)

from spa_test_server import fail, log, run_main, wait_until  # noqa: E402

SWEDISH, SPA = mail_test.SWEDISH, mail_test.SPA
PUBLIC = "https://book.cedar.example"


def post_form(spa, path):
    """(status, page) of the offer page's form as a browser sends it."""
    request = urllib.request.Request(spa.url + path, data=b"", method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def offer_link(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(re.escape(PUBLIC) + r"(/book/waitlist/[\w-]{43})", text)
    if match is None:
        fail("no offer link in:\n" + text)
    return match.group(1), text


def pulled(spa, entity):
    status, _, body = spa.request("GET", "/v1/sync/pull?since=0&limit=1000", token=True)
    if status != 200:
        fail("pull: %d %r" % (status, body))
    latest = {}
    for change in json.loads(body)["changes"]:
        if change["entity"] == entity:
            latest[change["record"]["id"]] = change["record"]
            # The desk's next change to it builds on what it pulled.
            spa.versions[change["record"]["id"]] = change["record"]["version"]
    return latest


def play_round(spa, desk, handler, round_no):
    tag = "r%d" % round_no
    booked = desk.client("Ana" + tag, "ana-%s@example.com" % tag)
    first = desk.client("Wren" + tag, "wren-%s@example.com" % tag)
    second = desk.client("Yuki" + tag, "yuki-%s@example.com" % tag)
    late = desk.client("Lou" + tag, "lou-%s@example.com" % tag)
    unreachable = desk.client("Noor" + tag, "noor-%s@example.com" % tag, reminder_opt_in=False)
    freed, starts = desk.booking(booked, 72 + 3 * round_no)
    until = (desk.now + timedelta(days=60)).strftime("%Y-%m-%d")
    entries = {}
    for client, last_day in ((first, until), (second, until), (late, "2020-01-31"),
                             (unreachable, until)):
        desk.n += 1
        entries[client] = "e0000000-0000-4000-8000-%012d" % desk.n
        spa.upsert("waitlist_entry", entries[client], {
            "client_id": client, "service_id": SWEDISH, "therapist_id": None, "days": [],
            "earliest": None, "latest": None, "until": last_day, "status": "waiting"})
    wait_until(lambda: handler.to("ana-%s@example.com" % tag), "the confirmation")

    # 1. Cancelled on the desk: offers to the two who wait for such a time.
    spa.upsert("booking", freed, {"status": "cancelled"})
    wren_mail = wait_until(lambda: handler.to("wren-%s@example.com" % tag), "Wren's offer")[0]
    yuki_mail = wait_until(lambda: handler.to("yuki-%s@example.com" % tag), "Yuki's offer")[0]
    for message, name in ((wren_mail, "Wren"), (yuki_mail, "Yuki")):
        if message["Subject"] != "A time has come free at " + SPA:
            fail("the offer's subject is %r" % message["Subject"])
        _, text = offer_link(message)
        if "Hello %s%s," % (name, tag) not in text or "Claire Dubois" not in text:
            fail("the offer's text:\n" + text)
    # The desks see who was offered which time: the entries, pulled.
    waitlist = pulled(spa, "waitlist_entry")
    for client in (first, second):
        if waitlist[entries[client]]["status"] != "offered" or \
                waitlist[entries[client]].get("offer_starts_at") != mail_test.iso(starts):
            fail("an offered entry as pulled: %r" % waitlist[entries[client]])
    # Lou's last day has passed: never offered, the server ends the entry expired.
    for client, statuses in ((late, ("waiting", "expired")), (unreachable, ("waiting",))):
        if waitlist[entries[client]]["status"] not in statuses or \
                waitlist[entries[client]].get("offer_starts_at") is not None:
            fail("an entry not offered, as pulled: %r" % waitlist[entries[client]])
    wait_until(lambda: pulled(spa, "waitlist_entry")[entries[late]]["status"] == "expired",
               "Lou's entry expired")
    wren_link, _ = offer_link(wren_mail)
    yuki_link, _ = offer_link(yuki_mail)
    if wren_link == yuki_link:
        fail("two clients share one link")
    status, _, page = spa.request("GET", wren_link)
    page = page.decode()
    if status != 200 or 'id="offer"' not in page or "Take This Time" not in page:
        fail("the offer page: %d\n%s" % (status, page))
    if spa.request("GET", wren_link[:-3] + "AAA")[0] != 404:
        fail("an altered link is not 404")

    # 2. Both accept at the same moment.
    results = {}
    gate = threading.Barrier(2)

    def accept(link):
        gate.wait()
        results[link] = post_form(spa, link)

    threads = [threading.Thread(target=accept, args=(link,)) for link in (wren_link, yuki_link)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    codes = sorted(code for code, _ in results.values())
    if codes != [200, 409]:
        fail("two accepts at once answered %r" % codes)
    winner_link = [link for link, (code, _) in results.items() if code == 200][0]
    winner, loser = (first, second) if winner_link == wren_link else (second, first)
    loser_link = yuki_link if winner_link == wren_link else wren_link
    if 'id="booked"' not in results[winner_link][1] or \
            'id="taken"' not in results[loser_link][1]:
        fail("the pages after the race:\n%s\n%s" % (results[winner_link][1],
                                                    results[loser_link][1]))

    bookings = [b for b in pulled(spa, "booking").values()
                if b["starts_at"] == mail_test.iso(starts) and not b.get("deleted") and
                b["status"] in ("booked", "confirmed", "checked_in")]
    if len(bookings) != 1 or bookings[0]["client_id"] != winner:
        fail("active bookings at the freed time: %r" % bookings)
    waitlist = pulled(spa, "waitlist_entry")
    if waitlist[entries[winner]]["status"] != "booked" or \
            waitlist[entries[winner]]["booking_id"] != bookings[0]["id"] or \
            waitlist[entries[winner]]["offer_starts_at"] != mail_test.iso(starts):
        fail("the winner's entry: %r" % waitlist[entries[winner]])
    # The other waits again, ready for the next time that frees up.
    if waitlist[entries[loser]]["status"] != "waiting":
        fail("the other's entry: %r" % waitlist[entries[loser]])

    # 3. The winner's confirmation; the other told it has gone; nothing to the third.
    winner_address = ("wren-%s@example.com" if winner == first else "yuki-%s@example.com") % tag
    loser_address = ("yuki-%s@example.com" if winner == first else "wren-%s@example.com") % tag
    wait_until(lambda: len(handler.to(winner_address)) == 2, "the winner's confirmation")
    if handler.to(winner_address)[1]["Subject"] != "Your booking at " + SPA:
        fail("the winner got %r" % handler.to(winner_address)[1]["Subject"])
    wait_until(lambda: len(handler.to(loser_address)) == 2, "the 'gone' message")
    if handler.to(loser_address)[1]["Subject"] != "The time at %s has been taken" % SPA:
        fail("the other got %r" % handler.to(loser_address)[1]["Subject"])
    if handler.to("lou-%s@example.com" % tag):
        fail("an offer to a client whose last day has passed")
    if handler.to("noor-%s@example.com" % tag):
        fail("an offer to a client who opted out of e-mail")

    again = post_form(spa, winner_link)
    late_try = post_form(spa, loser_link)
    if again[0] != 200 or 'id="booked"' not in again[1] or late_try[0] != 409:
        fail("the links again: %d, %d" % (again[0], late_try[0]))
    if len([b for b in pulled(spa, "booking").values()
            if b["starts_at"] == mail_test.iso(starts) and b["status"] == "booked"]) != 1:
        fail("a second booking after the links were used again")
    # The one still waiting steps out, so the next round's offers are its own.
    for client in (loser, unreachable):
        spa.upsert("waitlist_entry", entries[client], {"status": "withdrawn"})
    log("round %d: offered to two, taken once by %s, the other told" % (
        round_no, "Wren" if winner == first else "Yuki"))


def entry(spa, desk, client, until):
    desk.n += 1
    id = "e0000000-0000-4000-8000-%012d" % desk.n
    spa.upsert("waitlist_entry", id, {
        "client_id": client, "service_id": SWEDISH, "therapist_id": None, "days": [],
        "earliest": None, "latest": None, "until": until, "status": "waiting"})
    return id


def offered(spa, handler, address, starts, *entries):
    """The offer link sent to @address, once @entries are offered @starts's time as a
    desk pulls them."""
    wait_until(lambda: all(pulled(spa, "waitlist_entry")[e]["status"] == "offered"
                           for e in entries), "the entries offered")
    waitlist = pulled(spa, "waitlist_entry")
    for e in entries:
        if waitlist[e].get("offer_starts_at") != mail_test.iso(starts):
            fail("an offered entry as pulled: %r" % waitlist[e])
    return offer_link(wait_until(lambda: handler.to(address), "the offer")[0])[0]


def play_lapses(spa, handler, desk):
    ahead = (desk.now + timedelta(days=60)).strftime("%Y-%m-%d")
    ana = desk.client("Ana", "ana-lapse@example.com")

    # Offered to Pat, then booked on a desk (for Zed) before Pat answers.
    pat = desk.client("Pat", "pat-lapse@example.com")
    zed = desk.client("Zed", "zed-lapse@example.com")
    freed, starts = desk.booking(ana, 30)
    pat_entry = entry(spa, desk, pat, ahead)
    spa.upsert("booking", freed, {"status": "cancelled"})
    pat_link = offered(spa, handler, "pat-lapse@example.com", starts, pat_entry)
    desk.booking(zed, 30)
    wait_until(lambda: pulled(spa, "waitlist_entry")[pat_entry]["status"] == "waiting",
               "Pat's entry waiting again after the desk booked the time")
    status, _, page = spa.request("GET", pat_link)
    if status != 200 or 'id="taken"' not in page.decode():
        fail("the link of a time booked on the desk: %d\n%s" % (status, page.decode()))
    spa.upsert("waitlist_entry", pat_entry, {"status": "withdrawn"})

    # Offered to Kai (last day far ahead) and Mo (last day that very day); nobody takes
    # it, and the server comes back 30 hours later, when the time has begun and Mo's
    # last day has passed in the spa's zone (the test's TZ).
    kai = desk.client("Kai", "kai-lapse@example.com")
    mo = desk.client("Mo", "mo-lapse@example.com")
    freed, starts = desk.booking(ana, 2)
    kai_entry = entry(spa, desk, kai, ahead)
    mo_entry = entry(spa, desk, mo, starts.astimezone().strftime("%Y-%m-%d"))
    spa.upsert("booking", freed, {"status": "cancelled"})
    kai_link = offered(spa, handler, "kai-lapse@example.com", starts, kai_entry, mo_entry)
    # Lee, waiting since the offers till today, is never offered a time.
    lee = desk.client("Lee", "lee-lapse@example.com")
    lee_entry = entry(spa, desk, lee, desk.now.astimezone().strftime("%Y-%m-%d"))
    status, _, page = spa.request("GET", kai_link)
    if status != 200 or 'id="offer"' not in page.decode():
        fail("the link before its time: %d\n%s" % (status, page.decode()))
    mail_test.shoot_html(handler.to("kai-lapse@example.com")[0], "waitlist-offer-email")
    mail_test.shoot(spa.url + kai_link, "waitlist-offer-page", size="420,640")
    spa.stop()
    spa.start(fake_offset="+30h")
    wait_until(lambda: pulled(spa, "waitlist_entry")[mo_entry]["status"] == "expired",
               "Mo's entry expired")
    waitlist = pulled(spa, "waitlist_entry")
    if waitlist[kai_entry]["status"] != "waiting":
        fail("Kai's entry after the time began: %r" % waitlist[kai_entry])
    wait_until(lambda: pulled(spa, "waitlist_entry")[lee_entry]["status"] == "expired",
               "Lee's entry expired after its last day")
    if pulled(spa, "waitlist_entry")[lee_entry].get("offer_starts_at") is not None or \
            handler.to("lee-lapse@example.com"):
        fail("Lee's entry was offered a time")
    status, _, page = spa.request("GET", kai_link)
    page = page.decode()
    if status != 200 or 'id="passed"' not in page or "This time has gone" not in page or \
            "Take This Time" in page:
        fail("the link after its time began: %d\n%s" % (status, page))
    mail_test.shoot(spa.url + kai_link, "waitlist-offer-gone", size="420,640")
    if post_form(spa, kai_link)[0] != 409:
        fail("a link taken after its time began")
    if any(b["starts_at"] == mail_test.iso(starts) and b["status"] == "booked"
           for b in pulled(spa, "booking").values()):
        fail("a booking at a time that had begun")
    log("lapses: waiting again after a desk booking, and after the time began; expired")


def main():
    with mail_test.mail_spa("spa-waitlist-", hours=("00:00", "23:59")) as (spa, handler, desk):
        for round_no in range(3):
            play_round(spa, desk, handler, round_no)
        kinds = [m["kind"] for m in spa.mail()]
        if kinds.count("waitlist_offer") != 6 or kinds.count("waitlist_gone") != 3:
            fail("the queue's kinds: %r" % kinds)
        play_lapses(spa, handler, desk)


if __name__ == "__main__":
    run_main(main)
