#!/usr/bin/python3
# test-intake-body-map.py: fill an intake's body map with the keyboard only: Tab to a
# region, Enter, the arrow keys for its pain (0-10); another region marked to avoid,
# with a reason: the intake row in the database has both
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later

import json

from spadesk_e2e import Desk, E2EError, run, wait_until

REASON = "Lower back pain after moving house"
AVOID_REASON = "Recent surgery"


def is_tab(acc):
    return acc.getRoleName() in ("page tab", "toggle button", "radio button", "push button")


def intake_of(desk, client_id):
    rows = desk.query("SELECT pain_areas, avoid_areas FROM intake WHERE client_id = ? AND deleted = 0", client_id)
    if len(rows) != 1:
        return None
    pain = {a["region"]: a for a in json.loads(rows[0]["pain_areas"] or "[]")}
    avoid = {a["region"]: a for a in json.loads(rows[0]["avoid_areas"] or "[]")}
    return pain, avoid


def journey():
    with Desk("intake-body-map") as desk:   # signed in as the manager
        client = desk.query("""SELECT id, first_name, last_name FROM client c
                               WHERE archived_at IS NULL AND deleted = 0
                                 AND NOT EXISTS (SELECT 1 FROM intake i WHERE i.client_id = c.id)
                               ORDER BY last_name, first_name LIMIT 1""")
        if not client:
            raise E2EError("every client of the sample spa has an intake")
        client = client[0]

        # Find the client, open the Intake tab: a blank intake to fill.
        desk.key("alt+3")
        desk.key("ctrl+f")
        desk.type(f"{client['first_name']} {client['last_name']}")
        page = desk.find(role="filler", name="SpaClientPage", what="the client's page")
        wait_until(lambda: any(client["last_name"] in text for text in desk.texts(page, 3)),
                   f"{client['first_name']} {client['last_name']}'s page")
        desk.click(desk.find(name="Intake", root=page, pred=is_tab, what="the Intake tab"))
        editor = desk.find(role="filler", name="SpaIntakeEditor", what="the intake editor")

        reason = desk.find(name="Reason for visit", root=editor, pred=lambda a: a.getRoleName() != "label",
                           what="the Reason for visit field")
        # (GTK 4.8 does not report the focus of an entry row's text.)
        desk.click(reason)
        desk.type(REASON)
        desk.wait_db("SELECT 1 FROM intake WHERE client_id = ? AND reason = ?", (client["id"], REASON),
                     "the intake draft to be saved with the reason typed", timeout=30)

        # Tab to the lower back; Enter opens its rating with the slider focused; two
        # presses of Right take it from 5 to 7; Escape closes it.
        lower_back = desk.find(role="push button", name="Lower back (lumbar)", root=editor,
                               what="the lower back on the body map")
        desk.focus_by_key(lower_back, "Tab", limit=60)
        desk.key("Return")
        slider = desk.find(role="slider", name="Pain intensity, 0 to 10", what="the pain slider")
        wait_until(lambda: desk.has_state(slider, "focused"), "the pain slider to take the focus")
        desk.key("Right", "Right")
        desk.key("Escape")
        wait_until(lambda: desk.has_state(lower_back, "focused"), "the focus back on the lower back")

        # Back up to the abdomen: Enter, Tab to "Avoid this area", Space, Tab to the
        # reason, type it, Enter.
        abdomen = desk.find(role="push button", name="Abdomen", root=editor, what="the abdomen on the body map")
        desk.focus_by_key(abdomen, "shift+Tab", limit=60)
        desk.key("Return")
        avoid = desk.find(role="check box", name_re=r"^_?Avoid this area$", what="the Avoid this area check box")
        desk.focus_by_key(avoid, "Tab", limit=6)
        desk.key("space")
        wait_until(lambda: desk.has_state(avoid, "checked"), "the area to be marked to avoid")
        avoid_reason = desk.find(name="Reason to avoid", pred=lambda a: a.getRoleName() != "label",
                                 what="the reason to avoid field")
        desk.focus_by_key(avoid_reason, "Tab", limit=3)
        desk.type(AVOID_REASON)
        desk.key("Return")
        desk.gone(role="slider", name="Pain intensity, 0 to 10", what="the region's popover")

        # The intake's draft in the database holds both, as typed.
        def saved():
            found = intake_of(desk, client["id"])
            if found is None:
                return None
            pain, avoid_areas = found
            area = pain.get("lower_back")
            avoided = avoid_areas.get("abdomen")
            if area and area.get("intensity") == 7 and avoided and avoided.get("reason") == AVOID_REASON:
                return found
            return None
        pain, avoid_areas = wait_until(saved, "the intake draft to hold the lower back at 7 and the abdomen "
                                               "to avoid", timeout=30)
        if set(pain) != {"lower_back"} or set(avoid_areas) != {"abdomen"}:
            raise E2EError(f"other regions were marked: pain {sorted(pain)}, avoid {sorted(avoid_areas)}")
        desk.screenshot("body-map")


run(journey)
