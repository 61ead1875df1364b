#!/usr/bin/python3
# test-check-in-note.py: check the next client in from Today, then write their
# session note: the booking is checked in and the note saved as that client's draft
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, E2EError, run, wait_until

SUBJECTIVE = "Tight right shoulder after a week of desk work"


def journey():
    with Desk("check-in-note") as desk:
        # Today opens on the sample spa's day; the next client is the first confirmed one,
        # in Today's order (start, then the order the bookings were made).
        nxt = desk.query("""SELECT b.id, b.client_id, c.first_name || ' ' || c.last_name AS client
                            FROM booking b JOIN client c ON c.id = b.client_id
                            WHERE b.status = 'confirmed' AND b.deleted = 0
                              AND b.starts_at >= '2026-12-02T18:30:00Z' AND b.starts_at < '2026-12-03T08:00:00Z'
                            ORDER BY b.starts_at, b.rid LIMIT 1""")
        if not nxt:
            raise E2EError("the sample spa has no confirmed booking today")
        booking = nxt[0]
        row_label = desk.find(role="label", name_re=rf"^\d\d:\d\d–\d\d:\d\d {booking['client']}$",
                              what=f"{booking['client']}'s row on Today")
        row = desk.ancestor(row_label, "list item")
        if row is None or "Next" not in desk.texts(row, 1):
            raise E2EError(f"{booking['client']}'s row is not marked Next: {desk.texts(row or row_label)}")

        desk.click(desk.find(role="push button", name_re=r"^Check in ", root=row))
        note_button = desk.find(role="push button", name="Session Note", outside_views=True,
                                what="the check-in toast's Session Note button")
        desk.wait_db("SELECT 1 FROM booking WHERE id = ? AND status = 'checked_in'", (booking["id"],),
                     f"{booking['client']}'s booking to be checked in")
        desk.click(note_button)

        # The note editor, on that client's Sessions page: type what the client says.
        wait_until(lambda: desk.current_view() == "Clients", "the Clients view")
        editor = desk.find(role="filler", name="SpaNoteEditor", what="the session note editor")
        subjective = desk.find(name="Subjective", root=editor, pred=lambda a: a.getRoleName() != "label",
                               what="the Subjective text box")
        desk.click(subjective)
        wait_until(lambda: desk.has_state(subjective, "focused"), "the Subjective box to take the focus")
        desk.type(SUBJECTIVE)

        # Saved as a draft of this client's note for this booking, not signed.
        note = desk.wait_db("SELECT * FROM session_note WHERE booking_id = ? AND subjective = ?",
                            (booking["id"], SUBJECTIVE), "the draft note to be saved with the typed text",
                            timeout=30)
        if note["client_id"] != booking["client_id"] or note["signed_at"]:
            raise E2EError(f"the note is for client {note['client_id']} (signed {note['signed_at']!r}), "
                           f"not a draft for {booking['client']}")
        desk.find(role="label", name="Draft, saved automatically", root=editor)
        desk.screenshot("note")


run(journey)
