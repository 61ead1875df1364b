#!/usr/bin/python3
# test-find-client.py: find a client by name and by phone from the search box
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, run, wait_until


def expect_found(desk, query, name):
    desk.find(role="label", name="1 client", skip=("SpaClientPage",),
              what=f"the list to narrow to one client on “{query}”")
    page = desk.find(role="filler", name="SpaClientPage", what="the client's page")
    wait_until(lambda: name in desk.texts(page, 3),
               f"the client's page to show {name} for “{query}” (it shows {desk.texts(page, 3)})")


def journey():
    with Desk("find-client") as desk:
        total = desk.query_one("SELECT count(*) AS n FROM client WHERE deleted = 0")["n"]
        by_name = desk.query_one("""SELECT first_name || ' ' || last_name AS name FROM client
                                    WHERE last_name = 'Tremblay' AND deleted = 0""")["name"]
        by_phone = desk.query_one("""SELECT first_name || ' ' || last_name AS name FROM client
                                     WHERE phone LIKE '%555-0116' AND deleted = 0""")["name"]

        # Ctrl+F from anywhere: the Clients view, its search box focused.
        desk.key("ctrl+f")
        wait_until(lambda: desk.current_view() == "Clients", "Ctrl+F to open the Clients view")
        desk.find(role="label", name=f"{total} clients", skip=("SpaClientPage",),
                  what=f"the whole list ({total} clients)")
        desk.type("tremblay")
        expect_found(desk, "tremblay", by_name)

        # A phone number as written on a card, in place of the name.
        desk.key("ctrl+a")
        desk.type("555-0116")
        expect_found(desk, "555-0116", by_phone)

        # Escape clears the search: everyone again.
        desk.key("Escape")
        desk.find(role="label", name=f"{total} clients", skip=("SpaClientPage",),
                  what="Escape to bring the whole list back")


run(journey)
