#!/usr/bin/python3
# test-verify-notes.py: the spa server's record chain, checked from the command line
#
# Copyright 2026 The Spa Desk authors
# SPDX-License-Identifier: GPL-3.0-or-later
"""Signed notes and an amendment pushed to a real spa-desk-server; then
`spa-desk-server --db PATH verify-notes` says they are intact (exit 0), and after one
note's row is altered with the sqlite3 program it names that note (exit 1). The
database is then checked again with docs/records-integrity.md's script, which must
agree."""

import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from spa_test_server import SERVER, Server, fail, log, run_main  # noqa: E402

SCRIPT = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "docs", "verify-records.py")


def verify(db, *command):
    return subprocess.run(list(command) + [db] if command else
                          [SERVER, "--db", db, "verify-notes"],
                          capture_output=True, text=True, timeout=60)


def main():
    folder = tempfile.mkdtemp(prefix="spa-verify-")
    spa = Server(folder)
    try:
        spa.start()
        client = "c0000000-0000-4000-8000-000000000001"
        spa.upsert("client", client, {"first_name": "Zoé", "last_name": "Tremblay"})
        notes = []
        for n, text in enumerate(("Lower back stiff\tafter gardening\n6/10",
                                  "Better; right shoulder tight")):
            note = "d0000000-0000-4000-8000-%012d" % (n + 1)
            spa.upsert("session_note", note, {
                "client_id": client, "session_date": "2026-11-%02d" % (20 + n),
                "subjective": text, "pain_before": 6,
                "signed_at": "2026-11-%02dT18:00:00Z" % (20 + n),
                "signed_by": "maria"})
            notes.append(note)
        spa.upsert("note_amendment", "a0000000-0000-4000-8000-000000000001", {
            "note_id": notes[0], "author": "maria", "text": "Pain after was 3/10."})
        spa.stop()

        result = verify(spa.db)
        if result.returncode != 0 or "3 signed records intact" not in result.stdout:
            fail("verify-notes on an intact database: %d %r %r" % (
                result.returncode, result.stdout, result.stderr))
        script = verify(spa.db, "/usr/bin/python3", SCRIPT)
        if script.returncode != 0 or "intact" not in script.stdout:
            fail("the documented script on an intact database: %d %r %r" % (
                script.returncode, script.stdout, script.stderr))
        log("intact: " + result.stdout.strip() + " / " + script.stdout.strip())

        # A later migration's new column, empty on every signed record, changes nothing.
        subprocess.run(["sqlite3", spa.db, "ALTER TABLE session_note ADD COLUMN reviewed_by TEXT"],
                       check=True)
        script = verify(spa.db, "/usr/bin/python3", SCRIPT)
        if script.returncode != 0:
            fail("the script after a column was added: %r" % script.stdout)

        subprocess.run(["sqlite3", spa.db, "UPDATE session_note SET pain_before = 2"
                        " WHERE id = '%s'" % notes[1]], check=True)
        result = verify(spa.db)
        if result.returncode != 1 or notes[1] not in result.stdout or notes[0] in result.stdout:
            fail("verify-notes after sqlite3 changed %s: %d %r" % (
                notes[1], result.returncode, result.stdout))
        script = verify(spa.db, "/usr/bin/python3", SCRIPT)
        if script.returncode != 1 or notes[1] not in script.stdout:
            fail("the documented script after the change: %d %r" % (
                script.returncode, script.stdout))
        log("altered: " + result.stdout.strip())
    finally:
        spa.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    run_main(main)
