#!/usr/bin/python3
# test-week-view.py: a click on "Week" shows one therapist's week
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later


from spadesk_e2e import Desk, E2EError, run, wait_until


def journey():
    with Desk("week-view") as desk:
        desk.key("alt+2")
        page = desk.find(role="filler", name="SpaCalendarPage", what="the Calendar view")

        # A screen reader reads the header bar's icon buttons by name: an icon alone
        # reads as "image" or nothing.
        desk.find(role="push button", name="New Booking", outside_views=True,
                  what="the header bar's New Booking button, by its accessible name")
        unnamed = [desk.describe(b) for b in desk.find_all(role="push button", outside_views=True)
                   if not (b.name or "").strip()]
        if unnamed:
            raise E2EError(f"header bar buttons without an accessible name: {unnamed}")
        week = desk.find(role="push button", name="Week", root=page)
        day = desk.find(role="push button", name="Day", root=page)
        desk.find(role="push button", name_re=r"Wednesday.*\b2\b.*2026", root=page,
                  what="the day view's date (Wednesday 2 December 2026, in the locale's format)")

        desk.click(week)

        # The week of that Wednesday, Monday to Sunday, for the first therapist.
        wait_until(lambda: desk.has_state(week, "pressed") and not desk.has_state(day, "pressed"),
                   "Week to be pressed and Day released")
        desk.find(role="push button", name_re=r"\b30\b.* – .*\b6\b", root=page,
                  what="the date button to show the week from Monday 30 Nov to Sunday 6 Dec")
        chooser = desk.find(role="combo box", root=page, what="the week view's therapist chooser")
        therapists = {row["name"] for row in desk.query("SELECT name FROM therapist WHERE deleted = 0")}
        shown = [t for t in therapists if t in desk.names(chooser)]
        if len(shown) != 1:
            raise E2EError(f"the therapist chooser shows {desk.names(chooser)}, not one of {sorted(therapists)}")

        # Every card on the grid is that therapist's: the week holds bookings on more
        # than one day, and none of another therapist.
        therapist = shown[0]
        cards = desk.find_all(role="push button", name_re=r"Press Enter for actions", root=page)
        rows = desk.query("""SELECT b.starts_at, c.first_name || ' ' || c.last_name AS client FROM booking b
                             JOIN therapist t ON t.id = b.therapist_id JOIN client c ON c.id = b.client_id
                             WHERE t.name = ? AND b.deleted = 0""", therapist)
        clients = {row["client"] for row in rows}
        strangers = [desk.describe(c) for c in cards if not any(name in c.name for name in clients)]
        if not cards or strangers:
            raise E2EError(f"{therapist}'s week shows {len(cards)} cards, of other therapists: {strangers}")
        desk.screenshot("week")


run(journey)
