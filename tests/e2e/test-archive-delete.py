#!/usr/bin/python3
# test-archive-delete.py: a client with clinical records is archived (kept, hidden),
# one without is deleted, both from the client's page with the mouse
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, E2EError, run, wait_until

HAS_RECORDS = """EXISTS (SELECT 1 FROM session_note n WHERE n.client_id = c.id)
                 OR EXISTS (SELECT 1 FROM intake i WHERE i.client_id = c.id)"""


def open_client(desk, last_name, name):
    desk.key("ctrl+f")
    desk.key("ctrl+a")
    desk.type(last_name)
    page = desk.find(role="filler", name="SpaClientPage", what="the client's page")
    wait_until(lambda: name in desk.texts(page, 3), f"the client's page to show {name}")
    return page


def journey():
    with Desk("archive-delete") as desk:
        kept = desk.query(f"""SELECT c.id, c.last_name, c.first_name || ' ' || c.last_name AS name FROM client c
                              WHERE {HAS_RECORDS} ORDER BY c.last_name""")[0]
        plain = desk.query(f"""SELECT c.id, c.last_name, c.first_name || ' ' || c.last_name AS name FROM client c
                               WHERE NOT ({HAS_RECORDS}) ORDER BY c.last_name""")[0]

        # Clinical records are kept for years: Archive, no Delete.
        page = open_client(desk, kept["last_name"], kept["name"])
        if desk.find_all(role="push button", name="Delete this client", root=page):
            raise E2EError(f"{kept['name']} has clinical records but can be deleted")
        desk.click(desk.find(role="push button", name="Archive", root=page))
        row = desk.wait_db("SELECT deleted, archived_at FROM client WHERE id = ? AND archived_at IS NOT NULL",
                           (kept["id"],), f"{kept['name']} to be archived")
        if row["deleted"]:
            raise E2EError(f"{kept['name']} was deleted, not archived")
        if desk.query("SELECT 1 FROM session_note WHERE client_id = ? AND deleted = 1", kept["id"]):
            raise E2EError(f"{kept['name']}'s notes were deleted with the archive")
        desk.find(role="label", name="No Clients Found", skip=("SpaClientPage",),
                  what=f"the search to no longer find the archived {kept['name']}")

        # No clinical record: Delete.
        page = open_client(desk, plain["last_name"], plain["name"])
        desk.click(desk.find(role="push button", name="Delete this client", root=page))
        desk.wait_db("SELECT 1 FROM client WHERE id = ? AND deleted = 1", (plain["id"],),
                     f"{plain['name']} to be deleted")


run(journey)
