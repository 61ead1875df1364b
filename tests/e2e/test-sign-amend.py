#!/usr/bin/python3
# test-sign-amend.py: a therapist writes her session note, signs it with her PIN (a
# wrong PIN signs nothing), then adds an amendment: the database names her as the
# signer and the amendment's author
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from datetime import datetime
from zoneinfo import ZoneInfo

from spadesk_e2e import TIME_ZONE, Desk, E2EError, run, wait_until

THERAPIST = ("Claire Dubois", "1111")
SUBJECTIVE = "Stiff neck after a long drive"
AMENDMENT = "Client called back: the stiffness eased the next day"


def local_time(utc):
    return datetime.fromisoformat(utc.replace("Z", "+00:00")).astimezone(ZoneInfo(TIME_ZONE)).strftime("%H:%M")


def journey():
    with Desk("sign-amend", sign_in=THERAPIST) as desk:
        name, pin = THERAPIST
        account = desk.query_one("SELECT id, therapist_id FROM desk_account WHERE name = ?", name)
        # Her next client today, on the Today list.
        nxt = desk.query("""SELECT b.id, b.starts_at, b.ends_at, c.first_name || ' ' || c.last_name AS client
                            FROM booking b JOIN client c ON c.id = b.client_id
                            WHERE b.status = 'confirmed' AND b.deleted = 0 AND b.therapist_id = ?
                              AND b.starts_at >= '2026-12-02T18:30:00Z' AND b.starts_at < '2026-12-03T08:00:00Z'
                            ORDER BY b.starts_at LIMIT 1""", account["therapist_id"])
        if not nxt:
            raise E2EError(f"the sample spa has no confirmed booking for {name} today")
        booking = nxt[0]
        label = f"{local_time(booking['starts_at'])}–{local_time(booking['ends_at'])} {booking['client']}"
        row = desk.ancestor(desk.find(role="label", name=label, what=f"the row “{label}” on Today"), "list item")
        desk.click(desk.find(role="push button", name_re=r"^Check in ", root=row))
        note_button = desk.find(role="push button", name="Session Note", outside_views=True,
                                what="the check-in toast's Session Note button")
        desk.wait_db("SELECT 1 FROM booking WHERE id = ? AND status = 'checked_in'", (booking["id"],),
                     f"{booking['client']}'s booking to be checked in")
        desk.click(note_button)

        # She writes what the client says.
        editor = desk.find(role="filler", name="SpaNoteEditor", what="the session note editor")
        subjective = desk.find(name="Subjective", root=editor, pred=lambda a: a.getRoleName() != "label",
                               what="the Subjective text box")
        desk.click(subjective)
        wait_until(lambda: desk.has_state(subjective, "focused"), "the Subjective box to take the focus")
        desk.type(SUBJECTIVE)
        note = desk.wait_db("SELECT id FROM session_note WHERE booking_id = ? AND subjective = ?",
                            (booking["id"], SUBJECTIVE), "the draft note to be saved", timeout=30)

        # Sign Note asks for her PIN again; a wrong one is refused and signs nothing.
        desk.click(desk.find(role="push button", name="Sign Note", root=editor, what="the Sign Note button"))
        pin_field = desk.find(role="text", name="PIN", root=desk.toplevel("Sign Note?"),
                              what="the PIN field of the Sign Note dialog")
        wait_until(lambda: desk.has_state(pin_field, "focused"), "the PIN field to take the focus")
        desk.type("9999")
        desk.key("Return")
        desk.find(role="label", name="Wrong PIN. Try again.", what="the wrong PIN message")
        pin_field = desk.find(role="text", name="PIN", root=desk.toplevel("Sign Note?"),
                              what="the PIN field, asked again")
        wait_until(lambda: desk.has_state(pin_field, "focused"), "the PIN field to take the focus again")
        desk.wait_db("SELECT 1 FROM desk_account WHERE id = ? AND failed_attempts = 1", (account["id"],),
                     "the wrong PIN to be counted")
        unsigned = desk.query_one("SELECT signed_at, signed_by FROM session_note WHERE id = ?", note["id"])
        if unsigned["signed_at"] or unsigned["signed_by"]:
            raise E2EError(f"a wrong PIN signed the note: {dict(unsigned)}")

        # Her PIN signs it, as her.
        desk.type(pin)
        desk.key("Return")
        signed = desk.wait_db("SELECT signed_by FROM session_note WHERE id = ? AND signed_at IS NOT NULL",
                              (note["id"],), "the note to be signed")
        if signed["signed_by"] != name:
            raise E2EError(f"the note is signed by {signed['signed_by']!r}, not {name}")
        desk.find(role="label", name_re=rf"^Signed by {name}", root=editor, what="the signed banner")

        # An amendment: she types the correction; it carries her name, not a typed one.
        desk.click(desk.find(role="push button", name="Add Amendment", root=editor,
                             what="the Add Amendment button"))
        dialog = desk.toplevel("Add Amendment")
        correction = desk.find(name="Correction", root=dialog, pred=lambda a: a.getRoleName() != "label",
                               what="the correction text box")
        wait_until(lambda: desk.has_state(correction, "focused"), "the correction box to take the focus")
        desk.type(AMENDMENT)
        desk.click(desk.find(role="push button", name="Add Amendment", root=dialog,
                             what="the dialog's Add Amendment button"))
        amendment = desk.wait_db("SELECT author FROM note_amendment WHERE note_id = ? AND text = ?",
                                 (note["id"], AMENDMENT), "the amendment to be saved")
        if amendment["author"] != name:
            raise E2EError(f"the amendment's author is {amendment['author']!r}, not {name}")
        desk.find(role="label", name=AMENDMENT, root=editor, what="the amendment under the note")
        desk.screenshot("amended")


run(journey)
