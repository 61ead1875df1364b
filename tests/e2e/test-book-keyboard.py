#!/usr/bin/python3
# test-book-keyboard.py: book a client through the booking editor with the keyboard:
# Ctrl+N, the client by search, Down and Enter on the one found, Ctrl+S
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

from spadesk_e2e import Desk, E2EError, run, wait_until


def journey():
    with Desk("book-keyboard") as desk:
        zoe = desk.query_one("SELECT id FROM client WHERE last_name = 'Tremblay' AND deleted = 0")["id"]
        known = {row["id"] for row in desk.query("SELECT id FROM booking")}
        n_clients = desk.query_one("SELECT count(*) AS n FROM client")["n"]

        desk.key("alt+2")
        desk.key("ctrl+n")
        wait_until(lambda: desk._active_frame().name == "New Booking",
                   "the New Booking window to have the focus")
        dialog = desk._active_frame()
        search = desk.find(name="Search by name, phone or e-mail", root=dialog,
                           pred=lambda a: a.getRoleName() != "label", what="the client search")
        # Into the search field with one click (GTK 4.8 does not report the focus of an
        # entry row to AT-SPI, so Tab could not be checked), then only keys.
        desk.click(search)
        desk.type("tremblay")
        desk.find(role="list", name="Matching clients", root=dialog, what="the matching clients")
        # Down into the results, Enter on the highlighted client: that client, not a new one.
        desk.key("Down")
        desk.key("Return")
        service = desk.find(name="Service", root=dialog, pred=lambda a: a.getRoleName() != "label",
                            what="the Service row")
        # The editor's first proposal (service, the day shown, the next free time, a
        # free therapist) is a booking that can be made as it stands.
        service_name = wait_until(lambda: desk.texts(service, 2)[-1].split(" · ")[0],
                                  "the Service row to show a service")
        therapist_row = desk.find(name="Therapist", root=dialog, pred=lambda a: a.getRoleName() != "label")
        therapist_name = desk.texts(therapist_row, 2)[-1].split(" · ")[0]
        desk.screenshot("editor")

        desk.key("ctrl+s")
        booking = wait_until(
            lambda: next((row for row in desk.query(
                """SELECT b.*, s.name AS service, t.name AS therapist FROM booking b
                   JOIN service s ON s.id = b.service_id JOIN therapist t ON t.id = b.therapist_id
                   WHERE b.client_id = ?""", zoe) if row["id"] not in known), None),
            "a new booking for the client picked by keyboard to be saved")
        if not booking["service"].startswith(service_name) or \
                (booking["therapist"], booking["status"]) != (therapist_name, "booked"):
            raise E2EError(f"saved {booking['service']} with {booking['therapist']} ({booking['status']}), "
                           f"the editor showed {service_name} with {therapist_name}")
        clients = desk.query_one("SELECT count(*) AS n FROM client")["n"]
        if clients != n_clients:
            raise E2EError(f"the spa had {n_clients} clients and now has {clients}: the search made one")
        wait_until(lambda: desk._active_frame() is not None and desk._active_frame().name == "Spa Desk",
                   "the editor to close after saving")


run(journey)
