#!/usr/bin/python3
# test-open-client.py: opening a client from Today shows that client, whatever the
# Clients list is filtered on, and the note editor says whose note it is
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, E2EError, run, wait_until


def filter_clients(desk, query):
    """Clients view, Ctrl+F, @query: the list narrows to the clients it finds."""
    desk.key("alt+3")
    desk.key("ctrl+f")
    desk.type(query)
    return desk.find(role="label", name="1 client", skip=("SpaClientPage",),
                     what=f"the list filtered on “{query}” to one client")


def expect_client_page(desk, name, what):
    page = desk.find(role="filler", name="SpaClientPage", what="a client's page")
    wait_until(lambda: name in desk.texts(page, 3),
               f"{what}: the client's page to show {name} (it shows {desk.texts(page, 3)})")
    return page


def next_booking(desk, not_like):
    """Today's first confirmed booking of a client whose name is not like @not_like."""
    rows = desk.query("""SELECT b.id, c.first_name || ' ' || c.last_name AS client FROM booking b
                         JOIN client c ON c.id = b.client_id
                         WHERE b.status = 'confirmed' AND b.deleted = 0
                           AND b.starts_at >= '2026-12-02T18:30:00Z' AND b.starts_at < '2026-12-03T08:00:00Z'
                         ORDER BY b.starts_at, b.rid""")
    rows = [row for row in rows if not_like not in row["client"].lower()]
    if len(rows) < 2:
        raise E2EError(f"the sample spa has {len(rows)} confirmed bookings today; two are needed")
    return rows


def journey():
    with Desk("open-client") as desk:
        zoe = desk.query_one("SELECT first_name || ' ' || last_name AS name FROM client WHERE last_name = 'Tremblay'")
        filter_clients(desk, "zoe")
        expect_client_page(desk, zoe["name"], "the search for zoe")
        first, second = next_booking(desk, "zo")[:2]

        # Check in from Today, then the toast's Session Note: that client's new note.
        desk.key("alt+1")
        check_in = desk.find(role="push button", name_re=rf"^Check in {first['client']}\b")
        desk.click(check_in)
        # The toast goes after a few seconds: look for it above the views only.
        note_button = desk.find(role="push button", name="Session Note", outside_views=True,
                                what="the toast's Session Note button")
        desk.click(note_button)
        desk.wait_db("SELECT 1 FROM booking WHERE id = ? AND status = 'checked_in'", (first["id"],),
                     f"{first['client']}'s booking to be checked in")
        wait_until(lambda: desk.current_view() == "Clients", "the Clients view")
        page = expect_client_page(desk, first["client"], "the toast's Session Note")
        editor = desk.find(role="filler", name="SpaNoteEditor", root=page, what="the session note editor")
        wait_until(lambda: any(first["client"] in text for text in desk.texts(editor, 2)),
                   f"the note editor's title to name {first['client']} (it reads {desk.texts(editor, 2)})")
        desk.screenshot("session-note")

        # Filter again, then Open Client from another Today row's menu, by keyboard.
        filter_clients(desk, "zoe")
        expect_client_page(desk, zoe["name"], "the second search for zoe")
        desk.key("alt+1")
        label = desk.find(role="label", name_re=rf"^\d\d:\d\d–\d\d:\d\d {second['client']}$")
        row = desk.ancestor(label, "list item") or label.parent.parent
        menu = desk.find(role="push button", name="Booking actions", root=row,
                         what=f"{second['client']}'s Booking actions button")
        desk.click(menu)
        item = desk.find(role="menu item", name="Open Client", root=menu, what="Open Client in the booking's menu")
        desk.focus_by_key(item, "Down", limit=12)
        desk.key("Return")
        wait_until(lambda: desk.current_view() == "Clients", "the Clients view")
        expect_client_page(desk, second["client"], "Open Client")


run(journey)
