#!/usr/bin/python3
# test-book-location.py: a chain's client books at the location they choose, in a browser
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""A chain's booking pages in headless Chromium, driven by Selenium.

A fresh spa-desk-server in Vancouver's zone holds two locations: the default one, where
Claire works, and Kitsilano, set to Toronto's zone, where Marcus works with the Maple
room. The client opens /book, chooses Kitsilano, a deep tissue massage and any
therapist: only Marcus is offered, the times read in Toronto's clock, and the booking
sent by book.js is at Kitsilano, with Marcus and the Maple room (the server's database
is the oracle). Every page is checked with axe-core.
"""

import datetime
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import zoneinfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
book = __import__("test-book-online")

from selenium.webdriver.common.by import By  # noqa: E402

KITS = "1c0ca710-0000-4000-8000-00000000b175"
CLAIRE = "7e1a0000-0000-4000-8000-00000000c1a1"
MARCUS = "7e1a0000-0000-4000-8000-00000000ae12"
MAPLE = "7e1a0000-0000-4000-8000-0000000000c3"


def seed(server):
    def upsert(n, entity, id, fields):
        return {"mutation_id": n, "entity": entity, "id": id, "op": "upsert",
                "base_version": 0, "fields": fields}
    server.push([
        upsert(1, "location", KITS, {"name": "Kitsilano", "address": "2150 W 4th Ave, Vancouver",
                                     "time_zone": "America/Toronto", "active": True}),
        upsert(2, "therapist", CLAIRE, {"name": "Claire Dubois", "credentials": "RMT",
                                        "active": True, "working_hours": book.WEEK}),
        upsert(3, "therapist", MARCUS, {"name": "Marcus Lee", "credentials": "RMT",
                                        "active": True, "working_hours": book.WEEK,
                                        "location_id": KITS}),
        upsert(4, "room", "7e1a0000-0000-4000-8000-0000000000c1",
               {"name": "Cedar room", "active": True}),
        upsert(5, "room", MAPLE, {"name": "Maple room", "active": True, "location_id": KITS}),
        upsert(6, "service", book.DEEP_TISSUE, {"price_cents": 12000}),
    ])


def main():
    for name, value in (("SPA_DESK_SERVER", book.SERVER), ("SPA_AXE_JS", book.AXE)):
        if not value or not os.path.exists(value):
            book.fail("%s is not set to an existing file" % name)
    folder = tempfile.mkdtemp(prefix="spa-book-location-")
    server = book.Server(folder)
    try:
        seed(server)
        driver = book.browser(1280, 900)
        try:
            driver.get(server.url + "/book")
            book.visible(driver, "h1")
            book.check_axe(driver, "locations")
            driver.find_element(By.PARTIAL_LINK_TEXT, "Kitsilano").click()
            book.visible(driver, "a.card", "the services")
            driver.find_element(By.PARTIAL_LINK_TEXT, "Deep tissue massage, 60").click()
            book.visible(driver, ".card.any")
            text = driver.find_element(By.TAG_NAME, "main").text
            if "Marcus Lee" not in text or "Claire Dubois" in text:
                book.fail("Kitsilano's therapists are not Marcus alone: " + text)
            driver.find_element(By.CSS_SELECTOR, ".card.any").click()
            first_time = book.visible(driver, "a.time", "the free times")
            book.check_axe(driver, "times")
            starts = re.search(r"starts=([^&]+)", first_time.get_attribute("href")).group(1)
            there = datetime.datetime.fromisoformat(starts.replace("Z", "+00:00")).astimezone(
                zoneinfo.ZoneInfo("America/Toronto"))
            label = "%d:%02d" % (there.hour % 12 or 12, there.minute)
            if not first_time.text.startswith(label):
                book.fail("the time %s reads %r, not Toronto's %s" % (starts, first_time.text,
                                                                       label))
            first_time.click()
            book.visible(driver, "#details")
            book.fill_details(driver, "Ann", "Lee", "ann.lee@example.com", "604 555 0101")
            driver.find_element(By.CSS_SELECTOR, "#details button[type=submit]").click()
            book.visible(driver, "#confirmation", "the confirmation")
            book.check_axe(driver, "confirmation")
            book.shot(driver, "book-location-confirmation")
        finally:
            driver.quit()
        with sqlite3.connect(server.db) as db:
            rows = db.execute("SELECT location_id, therapist_id, room_id, starts_at FROM booking"
                              " WHERE deleted = 0").fetchall()
        if rows != [(KITS, MARCUS, MAPLE, starts)]:
            book.fail("the booking is not at Kitsilano with Marcus in the Maple room: %r" % rows)
    finally:
        server.stop()
        if not os.environ.get("SPA_E2E_KEEP"):
            shutil.rmtree(folder, ignore_errors=True)
    book.log("ok")


if __name__ == "__main__":
    try:
        main()
    except AssertionError as e:
        book.log("FAIL: %s" % e)
        sys.exit(1)
