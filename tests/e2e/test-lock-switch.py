#!/usr/bin/python3
# test-lock-switch.py: Ctrl+L locks the desk, a number and a PIN switch user, and the
# front desk sees no session notes
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, run, wait_until


def is_tab(acc):
    return acc.getRoleName() in ("page tab", "toggle button", "radio button", "push button")


def open_zoe(desk):
    desk.key("alt+3")
    desk.key("ctrl+f")
    desk.type("zoe")
    page = desk.find(role="filler", name="SpaClientPage", what="Zoé's page")
    wait_until(lambda: any("Tremblay" in text for text in desk.texts(page, 3)), "Zoé's page")
    return page


def journey():
    with Desk("lock-switch") as desk:   # signed in as the manager
        page = open_zoe(desk)
        desk.find(name="Sessions", root=page, pred=is_tab, what="the manager's Sessions tab")

        # Ctrl+L: the lock screen covers the desk.
        desk.key("ctrl+l")
        desk.find(role="list", name="Staff", what="the lock screen")
        desk.gone(role="filler", name="SpaClientPage", what="the client's page, under the lock screen")

        # A wrong PIN for Ana (1) is refused and counted; the desk stays locked.
        desk.key("1")
        desk.type("0000")
        desk.key("Return")
        desk.wait_db("SELECT 1 FROM desk_account WHERE name = 'Ana Reyes' AND failed_attempts = 1",
                     what="the wrong PIN to be counted")
        desk.find(role="label", name="Wrong PIN. Try again.", what="the wrong PIN message")
        desk.find(role="list", name="Staff", what="the lock screen, still there after a wrong PIN")

        # Her PIN: she is at the desk, on the page the manager left, with no session notes.
        desk.type("5555")
        desk.key("Return")
        desk.gone(role="list", name="Staff", what="the lock screen, once Ana is signed in")
        page = desk.find(role="filler", name="SpaClientPage", what="Zoé's page, kept under the lock")
        desk.find(name="Overview", root=page, pred=is_tab, what="the Overview tab")
        desk.gone(name="Sessions", root=page, pred=is_tab, what="the Sessions tab, for the front desk")
        desk.gone(name="Intake", root=page, pred=is_tab, what="the Intake tab, for the front desk")

        # Two keys to the next person: Ctrl+L, then Claire's number; her PIN opens the notes.
        desk.key("ctrl+l")
        desk.sign_in("Claire Dubois", "1111")
        page = desk.find(role="filler", name="SpaClientPage", what="Zoé's page")
        desk.find(name="Sessions", root=page, pred=is_tab, what="Claire's Sessions tab")


run(journey)
