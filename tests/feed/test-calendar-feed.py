#!/usr/bin/python3
# test-calendar-feed.py: a real calendar subscriber reads a therapist's secret feed
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""
The real server on 127.0.0.1 with two therapists' bookings (pushed through the sync
API, with clinical words in the booking notes and the client's last name). Then:

1. `spa-desk-server calendar-url THERAPIST_ID` prints a secret feed URL; a plain GET
   (no Authorization header) answers text/calendar; an altered secret is 404.
2. vdirsyncer (an `http` storage into a `filesystem` one, as a calendar app subscribes)
   syncs the feed into a folder: every booking of that therapist is there, with its
   UTC times, and nothing of the other therapist's, nothing clinical.
3. A booking cancelled on a desk leaves the folder on the next sync; a new one arrives.
4. The feed made through the API (POST /v1/calendar-feeds/ID, a manager's token) works
   too; DELETE revokes every feed of the therapist: 404, and vdirsyncer fails.
"""

import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from spa_test_server import Server, fail, log, run_main  # noqa: E402

CLAIRE = "7e1a0000-0000-4000-8000-00000000c1a1"
MARCUS = "7e1a0000-0000-4000-8000-00000000ae12"
ROOM = "7e1a0000-0000-4000-8000-0000000000c1"
DEEP_TISSUE = "5ba0d35c-0000-4000-8000-000000000003"
CLIENT = "7e1a0000-0000-4000-8000-00000000c11e"
# Far in the future, so the feed's window always holds them; one on the day the clocks
# change in Vancouver (2027-03-14).
BOOKINGS = {
    "b0000000-0000-4000-8000-000000000001": (CLAIRE, "2027-03-13T17:00:00Z", "2027-03-13T18:00:00Z"),
    "b0000000-0000-4000-8000-000000000002": (CLAIRE, "2027-03-14T17:00:00Z", "2027-03-14T18:00:00Z"),
    "b0000000-0000-4000-8000-000000000003": (CLAIRE, "2027-03-15T22:30:00Z", "2027-03-15T23:30:00Z"),
    "b0000000-0000-4000-8000-000000000004": (MARCUS, "2027-03-13T17:00:00Z", "2027-03-13T18:00:00Z"),
}
SECRET_WORDS = ("sciatica", "Tremblay", "warfarin")


def booking_fields(therapist, starts, ends):
    return {"client_id": CLIENT, "therapist_id": therapist, "service_id": DEEP_TISSUE,
            "room_id": ROOM if therapist == CLAIRE else None, "starts_at": starts,
            "ends_at": ends, "status": "booked", "source": "desk",
            "notes": "sciatica flare-up, on warfarin"}


def seed(spa):
    spa.upsert("therapist", CLAIRE, {"name": "Claire Dubois", "credentials": "RMT",
                                     "active": True})
    spa.upsert("therapist", MARCUS, {"name": "Marcus Lee", "active": True})
    spa.upsert("room", ROOM, {"name": "Cedar room", "active": True})
    spa.upsert("client", CLIENT, {"first_name": "Élodie", "last_name": "Tremblay",
                                  "email": "elodie@example.com",
                                  "notes": "sciatica; takes warfarin"})
    for id, (therapist, starts, ends) in BOOKINGS.items():
        spa.upsert("booking", id, booking_fields(therapist, starts, ends))


def vdirsyncer(folder, url, check=True):
    """Syncs the feed into folder/cal as a subscriber does; returns the process."""
    config = os.path.join(folder, "vdirsyncer.conf")
    os.makedirs(os.path.join(folder, "cal"), exist_ok=True)
    with open(config, "w") as f:
        f.write(f"""[general]
status_path = "{folder}/status/"

[pair feed]
a = "feed_remote"
b = "feed_local"
collections = null
conflict_resolution = "a wins"

[storage feed_remote]
type = "http"
url = "{url}"

[storage feed_local]
type = "filesystem"
path = "{folder}/cal/"
fileext = ".ics"
""")
    env = dict(os.environ, NO_PROXY="*", no_proxy="*", HOME=folder)
    for command in (["discover"], ["sync"]):
        done = subprocess.run(["vdirsyncer", "-c", config] + command, input="y\n" * 4,
                              capture_output=True, text=True, env=env, timeout=120)
        log("vdirsyncer %s: %d\n%s%s" % (command[0], done.returncode, done.stdout, done.stderr))
        if done.returncode != 0:
            if check:
                fail("vdirsyncer %s failed" % command[0])
            return done
    return done


def unfold(text):
    return re.sub(r"\r\n[ \t]", "", text)


def synced_events(folder):
    """(DTSTART, DTEND, whole text) of every item vdirsyncer wrote. Its http storage
    gives each item a UID of its own (a hash of the content), so bookings are told
    apart by their times."""
    events = []
    for path in glob.glob(os.path.join(folder, "cal", "*.ics")):
        with open(path, encoding="utf-8") as f:
            text = unfold(f.read())
        start = re.search(r"^DTSTART:(.*)$", text, re.M).group(1).strip()
        end = re.search(r"^DTEND:(.*)$", text, re.M).group(1).strip()
        events.append((start, end, text))
    return events


def ical_time(iso):
    return iso.replace("-", "").replace(":", "")


def check_folder(folder, expected):
    events = synced_events(folder)
    want = sorted((ical_time(s), ical_time(e)) for (t, s, e) in expected.values())
    got = sorted((s, e) for (s, e, _) in events)
    if got != want:
        fail("the subscriber has %r, expected %r" % (got, want))
    for (_, _, text) in events:
        for word in SECRET_WORDS:
            if word in text:
                fail("the feed carries %r: %s" % (word, text))
        if "SUMMARY:Élodie – Deep tissue massage" not in text:
            fail("no first name and service in %s" % text)
    log("the subscriber holds %d bookings with their times" % len(events))


def main():
    if shutil.which("vdirsyncer") is None:
        fail("vdirsyncer is not installed (build-aux/setup.sh installs it)")
    folder = tempfile.mkdtemp(prefix="spa-feed-")
    spa = Server(folder)
    spa.start()
    try:
        seed(spa)

        # 1. The command line prints the URL (a path: no public_url is set).
        path = spa.run("calendar-url", CLAIRE).strip()
        if not re.fullmatch(r"/v1/feed/[A-Za-z0-9_-]{43}\.ics", path):
            fail("calendar-url printed %r" % path)
        status, headers, body = spa.request("GET", path)
        if status != 200 or not headers["Content-Type"].startswith("text/calendar"):
            fail("plain GET of the feed: %d %s" % (status, headers["Content-Type"]))
        if headers["Cache-Control"] != "no-store" or headers["Referrer-Policy"] != "no-referrer":
            fail("the feed may be cached or leak its URL: %r" % dict(headers))
        text = unfold(body.decode())
        uids = set(re.findall(r"^UID:(.*)\r$", text, re.M))
        if uids != {id + "@spa-desk" for id, b in BOOKINGS.items() if b[0] == CLAIRE}:
            fail("the feed's UIDs are %r" % uids)
        altered = path[:10] + ("A" if path[10] != "A" else "B") + path[11:]
        for bad in (altered, "/v1/feed/short.ics", path[:-4]):
            if spa.request("GET", bad)[0] != 404:
                fail("%s is not 404" % bad)
        if spa.request("POST", path)[0] != 405:
            fail("the feed takes a POST")

        # 2. A subscriber by URL alone.
        sub = os.path.join(folder, "claire")
        vdirsyncer(sub, spa.url + path)
        claire = {id: b for id, b in BOOKINGS.items() if b[0] == CLAIRE}
        check_folder(sub, claire)

        # 3. Cancelled on a desk: gone on the next sync; a new booking arrives.
        first = "b0000000-0000-4000-8000-000000000001"
        spa.upsert("booking", first, {"status": "cancelled"})
        del claire[first]
        new = "b0000000-0000-4000-8000-000000000005"
        claire[new] = (CLAIRE, "2027-04-02T16:15:00Z", "2027-04-02T17:15:00Z")
        spa.upsert("booking", new, booking_fields(*claire[new]))
        vdirsyncer(sub, spa.url + path)
        check_folder(sub, claire)

        # 4. Through the API: a front desk may not; a manager gets a second feed.
        if spa.request("POST", "/v1/calendar-feeds/" + CLAIRE)[0] != 401:
            fail("a feed made without a token")
        status, _, body = spa.request("POST", "/v1/calendar-feeds/" + MARCUS, token=True)
        if status != 201:
            fail("POST /v1/calendar-feeds: %d %r" % (status, body))
        made = json.loads(body)
        if made["url"] != made["path"] or not made["path"].startswith("/v1/feed/"):
            fail("the API answered %r" % made)
        marcus = os.path.join(folder, "marcus")
        vdirsyncer(marcus, spa.url + made["path"])
        check_folder(marcus, {id: b for id, b in BOOKINGS.items() if b[0] == MARCUS})
        if spa.request("POST", "/v1/calendar-feeds/no-such-therapist", token=True)[0] != 404:
            fail("a feed for no therapist")

        # With public_url set, the URL is whole.
        spa.run("set", "public_url", "https://book.example.com/")
        printed = spa.run("calendar-url", CLAIRE).strip()
        if not re.fullmatch(r"https://book\.example\.com/v1/feed/[A-Za-z0-9_-]{43}\.ics", printed):
            fail("calendar-url with public_url printed %r" % printed)

        # Revoked: every feed of Claire's is 404 and the subscriber's sync fails.
        status, _, body = spa.request("DELETE", "/v1/calendar-feeds/" + CLAIRE, token=True)
        if status != 200 or json.loads(body)["revoked"] != 2:
            fail("DELETE /v1/calendar-feeds: %d %r" % (status, body))
        if spa.request("GET", path)[0] != 404:
            fail("a revoked feed still answers")
        if vdirsyncer(sub, spa.url + path, check=False).returncode == 0:
            fail("vdirsyncer synced a revoked feed")
        if spa.request("GET", made["path"])[0] != 200:
            fail("revoking Claire's feeds stopped Marcus's")
        revoked = spa.run("calendar-revoke", MARCUS)
        if not revoked.startswith("1 "):
            fail("calendar-revoke printed %r" % revoked)
        if spa.request("GET", made["path"])[0] != 404:
            fail("calendar-revoke left the feed working")
    finally:
        spa.stop()
        if not os.environ.get("SPA_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    run_main(main)
